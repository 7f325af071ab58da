using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;

namespace KefuDesk.Features.Conversations.Workspace;

/// <summary>What the agent does in the open conversation: reply, note, attach, transfer, resolve…</summary>
public sealed partial class Workspace
{
    private static readonly TimeSpan TypingEvery = TimeSpan.FromSeconds(3);
    private DateTime _lastTypingSent;

    [Inject] private Attachments.Attachments AttachmentFiles { get; set; } = default!;
    [Inject] private ConversationTyping Typing { get; set; } = default!;

    private async Task<bool> SendAsync(Composer.Draft draft)
    {
        if (_selected is null)
        {
            return false;
        }

        ConversationCommand<MessageView> command;
        try
        {
            command = draft.Note
                ? new AddNote(_staff, _selected.Id, Guid.NewGuid().ToString("N"), draft.Text)
                : SendMessage.FromAgent(_staff, _selected.Id, Guid.NewGuid().ToString("N"), draft.Text);
        }
        catch (KefuDeskException refused)
        {
            Snackbar.Add(T[refused.Error.ResourceKey], Severity.Warning);
            return false;
        }

        var sent = await Attempt(() => Writer.ExecuteAsync(command));
        if (sent is null)
        {
            return false;
        }

        await MergeAsync(sent);
        if (_selected.AssigneeId is null)
        {
            await RefreshSelectedAsync();
        }

        if (!draft.Note)
        {
            _ = Typing.AgentTypingAsync(_staff, _selected.Id, false);
        }

        return true;
    }

    /// <summary>Uploads the chosen file (checked on the server by its bytes) and sends it as an image or file message.</summary>
    private async Task AttachAsync(IBrowserFile file)
    {
        if (_selected is null)
        {
            return;
        }

        if (file.Size > AttachmentRules.MaxFileBytes)
        {
            Snackbar.Add(T["Error.attachment_too_large"], Severity.Warning);
            return;
        }

        var temp = Path.GetTempFileName();
        _composer?.Uploading(file.Name);
        try
        {
            await using (var target = File.Create(temp))
            {
                await file.OpenReadStream(AttachmentRules.MaxFileBytes).CopyToAsync(target);
            }

            var info = await AttachmentFiles.UploadAsync(AttachmentParty.Staff(_staff.AgentId, _staff.ShopIds), _selected.ShopId, file.Name,
                file.Size, () => File.OpenRead(temp), CancellationToken.None);
            var sent = await Attempt(() => Writer.ExecuteAsync(SendMessage.FromAgent(_staff, _selected.Id, Guid.NewGuid().ToString("N"), "",
                new OutgoingContent(AttachmentId: info.Id))));
            if (sent is not null)
            {
                await MergeAsync(sent);
            }
        }
        catch (KefuDeskException refused)
        {
            Snackbar.Add(T[refused.Error.ResourceKey], Severity.Warning);
        }
        finally
        {
            File.Delete(temp);
            _composer?.Uploading(null);
        }
    }

    private Task SendOrderCardAsync(OrderSnapshot order) => SendCardAsync(new OutgoingContent(OrderId: order.Id));

    private Task SendProductCardAsync(Shop.Products.ProductRow product) => SendCardAsync(new OutgoingContent(ProductId: product.Id));

    private async Task SendCardAsync(OutgoingContent card)
    {
        if (_selected is null)
        {
            return;
        }

        var sent = await Attempt(() => Writer.ExecuteAsync(SendMessage.FromAgent(_staff, _selected.Id, Guid.NewGuid().ToString("N"), "", card)));
        if (sent is not null)
        {
            await MergeAsync(sent);
        }
    }

    /// <summary>Tells the buyer the agent is typing, at most every few seconds.</summary>
    private async Task TypingAsync()
    {
        var now = DateTime.UtcNow;
        if (_selected is null || now - _lastTypingSent < TypingEvery)
        {
            return;
        }

        _lastTypingSent = now;
        await Typing.AgentTypingAsync(_staff, _selected.Id, true);
    }

    private async Task ClaimAsync()
    {
        if (_selected is not null && await Succeeds(() => Writer.ExecuteAsync(new ClaimConversation(_staff, _selected.Id))))
        {
            await RefreshSelectedAsync();
            await ReloadListAsync();
        }
    }

    private async Task OpenTransferAsync()
    {
        if (_selected is null)
        {
            return;
        }

        _panel = Panel.Transfer;
        _targets = null;
        _targets = await Details.TransferTargetsAsync(_staff, _selected.Id);
    }

    private async Task TransferAsync(TransferPanel.Choice choice)
    {
        if (_selected is not null
            && await Succeeds(() => Writer.ExecuteAsync(new TransferConversation(_staff, _selected.Id, choice.Target, choice.Note))))
        {
            _panel = Panel.None;
            Snackbar.Add(T["Workspace.Transferred"], Severity.Success);
            await RefreshSelectedAsync();
            await ReloadListAsync();
        }
    }

    private async Task PendAsync()
    {
        if (_selected is not null && await Succeeds(() => Writer.ExecuteAsync(new PendConversation(_staff, _selected.Id))))
        {
            await RefreshSelectedAsync();
        }
    }

    private async Task OpenResolve()
    {
        if (_selected is null)
        {
            return;
        }

        await using var db = await DbFactory.CreateDbContextAsync();
        _recordRequired = (await db.Shops.FindAsync(_selected.ShopId))?.Policy.RequireConsultationRecord ?? true;
        _panel = Panel.Resolve;
    }

    private async Task ResolveAsync(ConsultationRecordInput? record)
    {
        if (_selected is not null && await Succeeds(() => Writer.ExecuteAsync(new ResolveConversation(_staff, _selected.Id, record))))
        {
            _panel = Panel.None;
            Snackbar.Add(T["Workspace.Resolved"], Severity.Success);
            await RefreshSelectedAsync();
            await ReloadListAsync();
        }
    }

    private async Task CloseAsync()
    {
        if (_selected is not null && await Succeeds(() => Writer.ExecuteAsync(new CloseConversation(_staff, _selected.Id))))
        {
            await RefreshSelectedAsync();
            await ReloadListAsync();
        }
    }

    private async Task RecallAsync(MessageView message)
    {
        if (_selected is not null && await Attempt(() => Writer.ExecuteAsync(new RecallMessage(_staff, _selected.Id, message.Id))) is { } recalled)
        {
            await MergeAsync(recalled);
        }
    }

    private async Task TagAsync(string tag) => await ChangeTagAsync(tag, remove: false);

    private async Task UntagAsync(string tag) => await ChangeTagAsync(tag, remove: true);

    private async Task ChangeTagAsync(string tag, bool remove)
    {
        if (_selected is null)
        {
            return;
        }

        try
        {
            if (await Succeeds(() => Writer.ExecuteAsync(new TagConversation(_staff, _selected.Id, tag, remove))))
            {
                await RefreshSelectedAsync();
            }
        }
        catch (KefuDeskException refused)
        {
            Snackbar.Add(T[refused.Error.ResourceKey], Severity.Warning);
        }
    }

    private void ClosePanel() => _panel = Panel.None;

    /// <summary>Keyboard shortcuts from the browser: Alt+↓/↑ next/previous, Alt+R resolve, Alt+T transfer, Ctrl+K search.</summary>
    [JSInvokable]
    public Task OnShortcut(string action) => InvokeAsync(async () =>
    {
        var shown = Shown;
        var index = _selected is null ? -1 : shown.ToList().FindIndex(c => c.Id == _selected.Id);
        switch (action)
        {
            case "next" when shown.Count > 0:
                await SelectAsync(shown[Math.Min(index + 1, shown.Count - 1)]);
                break;
            case "previous" when shown.Count > 0:
                await SelectAsync(shown[Math.Max(index - 1, 0)]);
                break;
            case "resolve" when _selected is { Status: ConversationStatus.Open or ConversationStatus.Pending }:
                await OpenResolve();
                break;
            case "transfer" when _selected is not null:
                await OpenTransferAsync();
                break;
            case "search":
                await JS.InvokeVoidAsync("kefudesk.focus", "list-search");
                break;
        }

        StateHasChanged();
    });

    /// <summary>Runs a command; a refusal becomes a message the agent can act on, and null.</summary>
    private async Task<TResult?> Attempt<TResult>(Func<Task<TResult>> action) where TResult : class
    {
        try
        {
            return await action();
        }
        catch (KefuDeskException refused)
        {
            Snackbar.Add(T[refused.Error.ResourceKey], Severity.Warning);
            return null;
        }
    }

    /// <summary>Runs a command whose answer does not matter here; false when it was refused (and said why).</summary>
    private async Task<bool> Succeeds<TResult>(Func<Task<TResult>> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (KefuDeskException refused)
        {
            Snackbar.Add(T[refused.Error.ResourceKey], Severity.Warning);
            return false;
        }
    }

    /// <summary>Under an opened order: open an after-sales case or record a complaint, tied to this conversation.</summary>
    private RenderFragment<Shop.Orders.OrderDetails> OrderAftercare => order => builder =>
    {
        builder.OpenComponent<AfterSales.OrderAftercare>(0);
        builder.AddAttribute(1, nameof(AfterSales.OrderAftercare.Order), order);
        builder.AddAttribute(2, nameof(AfterSales.OrderAftercare.ConversationId), _selected?.Id);
        builder.CloseComponent();
    };
}
