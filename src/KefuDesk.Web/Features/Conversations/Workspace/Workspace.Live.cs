using KefuDesk.Infrastructure.Realtime;
using Microsoft.JSInterop;
using MudBlazor;

namespace KefuDesk.Features.Conversations.Workspace;

/// <summary>
/// The workspace's live side: notices from every node update the open thread and the lists. The
/// thread trusts sequence numbers, so a missed notice costs a fetch, never a message.
/// </summary>
public sealed partial class Workspace
{
    private static readonly TimeSpan ListRefreshDelay = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan TypingShownFor = TimeSpan.FromSeconds(6);
    private bool _listRefreshQueued;
    private DateTime? _buyerTypingUntil;

    private bool BuyerTyping => _buyerTypingUntil is { } until && until > DateTime.UtcNow;

    private async Task OnNoticeAsync(WorkspaceNotice notice)
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        if (notice.Kind == WorkspaceNoticeKind.Resync)
        {
            await ReloadListAsync();
            if (_selected is not null && _messages.Count > 0)
            {
                var missed = await Queries.MessagesAfterAsync(_selected.Id, _messages[^1].Sequence, ConversationQueries.MaxPage);
                _messages.AddRange(missed.Messages);
            }

            StateHasChanged();
            return;
        }

        if (!_staff.Serves(notice.ShopId))
        {
            return;
        }

        if (notice.Kind == WorkspaceNoticeKind.Mentioned)
        {
            if (notice.AgentIds.Contains(_staff.AgentId))
            {
                Snackbar.Add(T["Workspace.MentionedYou", notice.ByName ?? ""], Severity.Info);
                await JS.InvokeVoidAsync("kefudesk.notify", T["Workspace.MentionTitle"].Value, T["Workspace.MentionedYou", notice.ByName ?? ""].Value);
            }

            return;
        }

        if (!ConcernsMe(notice))
        {
            return;
        }

        var open = _selected?.Id == notice.ConversationId;
        switch (notice.Kind)
        {
            case WorkspaceNoticeKind.MessageCreated when notice.Message is { } message:
                await OnMessageAsync(notice, message, open);
                break;
            case WorkspaceNoticeKind.MessageRecalled when open:
                var recalled = await Queries.MessagesAfterAsync(notice.ConversationId, notice.Sequence - 1, 1);
                foreach (var m in recalled.Messages)
                {
                    await MergeAsync(m);
                }

                break;
            case WorkspaceNoticeKind.BuyerRead when open:
                _selected = _selected! with { CustomerReadSequence = Math.Max(_selected.CustomerReadSequence, notice.Sequence) };
                break;
            case WorkspaceNoticeKind.BuyerDelivered when open:
                _selected = _selected! with { CustomerDeliveredSequence = Math.Max(_selected.CustomerDeliveredSequence, notice.Sequence) };
                break;
            case WorkspaceNoticeKind.BuyerTyping when open:
                _buyerTypingUntil = notice.On ? DateTime.UtcNow + TypingShownFor : null;
                _ = HideTypingLaterAsync();
                break;
            case WorkspaceNoticeKind.ConversationChanged:
                if (open)
                {
                    await RefreshSelectedAsync();
                }

                await RefreshListSoonAsync();
                break;
        }

        StateHasChanged();
    }

    private async Task OnMessageAsync(WorkspaceNotice notice, MessageView message, bool open)
    {
        if (open)
        {
            await MergeAsync(message);
            if (message.Sender == SenderKind.Customer)
            {
                _buyerTypingUntil = null;
                await MarkReadAsync();
            }
        }

        if (message.Sender == SenderKind.Customer)
        {
            // Chimed once the counts are fresh (after the list reload), so it says how many wait; a
            // burst of messages chimes once. For the open conversation only while the tab is hidden.
            _chime = (message.Body.Length > 0 ? message.Body : T["Kind." + message.Kind].Value, (_chime?.OnlyWhenHidden ?? true) && open);
        }

        UpdateListItem(notice, message, open);
        StateHasChanged();
        await RefreshListSoonAsync();
    }

    private async Task HideTypingLaterAsync()
    {
        await Task.Delay(TypingShownFor);
        await InvokeAsync(StateHasChanged);
    }

    /// <summary>Notices for other agents' conversations do not touch this screen (busy shops send many).</summary>
    private bool ConcernsMe(WorkspaceNotice notice) =>
        _maySupervise || notice.AssigneeId is null || notice.AssigneeId == _staff.AgentId
        || _selected?.Id == notice.ConversationId || _list.Exists(i => i.Id == notice.ConversationId);

    /// <summary>Reloads the list and counts once for a burst of notices, not once per notice.</summary>
    private async Task RefreshListSoonAsync()
    {
        if (_listRefreshQueued)
        {
            return;
        }

        _listRefreshQueued = true;
        await Task.Delay(ListRefreshDelay);
        _listRefreshQueued = false;
        await ReloadListAsync();
        StateHasChanged();
        if (_chime is { } chime)
        {
            _chime = null;
            var title = _counts.Waiting > 0 ? T["Workspace.WaitingNotice", _counts.Waiting].Value : T["Workspace.NewMessageTitle"].Value;
            await JS.InvokeVoidAsync("kefudesk.notify", title, chime.Text, chime.OnlyWhenHidden);
        }
    }

    private (string Text, bool OnlyWhenHidden)? _chime;

    /// <summary>Moves the conversation to the top with its new preview, at once (the list reload follows).</summary>
    private void UpdateListItem(WorkspaceNotice notice, MessageView message, bool open)
    {
        var index = _list.FindIndex(i => i.Id == notice.ConversationId);
        if (index < 0 || message.Internal)
        {
            return;
        }

        var item = _list[index];
        _list.RemoveAt(index);
        _list.Insert(0, item with
        {
            LastMessageAt = message.CreatedAt,
            LastMessagePreview = Infrastructure.Input.InputText.Shortened(message.Body, Conversation.PreviewLength),
            LastSender = message.Sender,
            AwaitingReplySince = message.Sender switch
            {
                SenderKind.Customer => item.AwaitingReplySince ?? message.CreatedAt,
                SenderKind.Agent => null,
                _ => item.AwaitingReplySince, // automatic replies do not answer the buyer
            },
            LastCustomerPreview = message.Sender == SenderKind.Customer
                ? Infrastructure.Input.InputText.Shortened(message.Body, Conversation.PreviewLength)
                : item.LastCustomerPreview,
            LastSequence = Math.Max(item.LastSequence, message.Sequence),
            AssigneeId = notice.AssigneeId,
            UnreadForAgent = open ? 0 : message.Sender == SenderKind.Customer ? item.UnreadForAgent + 1 : item.UnreadForAgent,
        });
    }
}
