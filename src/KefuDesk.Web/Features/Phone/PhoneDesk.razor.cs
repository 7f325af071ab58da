using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Categories;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace KefuDesk.Features.Phone;

/// <summary>
/// The phone in the agent's workspace: 记录通话 (log a call) and 待回电 (the call-back list, with
/// its count kept live from every node). A call back is taken first, so its number shows in full.
/// </summary>
public sealed partial class PhoneDesk : IDisposable
{
    private const int Page = 50;

    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true };

    private StaffAccess? _staff;
    private IReadOnlyList<CategoryNode> _categories = [];
    private IReadOnlySet<Guid> _recordRequired = new HashSet<Guid>();
    private CallbackCounts _counts = new(0, 0);
    private List<CallbackView>? _items;
    private bool _hasMore;
    private bool _logOpen;
    private bool _listOpen;
    private CallbackView? _callback;
    private int _formKey;
    private DateTime _now;
    private IDisposable? _subscription;

    /// <summary>The shops the agent serves, as the workspace lists them.</summary>
    [Parameter] public IReadOnlyList<(Guid Id, string Name)> Shops { get; set; } = [];

    /// <summary>The conversation open in the workspace: a call may be about its buyer.</summary>
    [Parameter] public ConversationSummary? Open { get; set; }

    [Inject] private PhoneQueries Queries { get; set; } = default!;
    [Inject] private ConversationWriter Writer { get; set; } = default!;
    [Inject] private ConsultationCategories CategoryTree { get; set; } = default!;
    [Inject] private WorkspaceFeed Feed { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private (Guid CustomerId, Guid ShopId, string Name)? Linkable => Open is { } c
        ? (c.CustomerId, c.ShopId, c.CustomerName ?? T["Customer.Visitor", c.VisitorCode].Value)
        : null;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _staff = user.Access();
        _now = Clock.GetUtcNow().UtcDateTime;
        _categories = await CategoryTree.TreeAsync(user.OrganisationId(), includeRetired: false);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            var ids = _staff.ShopIds.ToList();
            var shops = await db.Shops.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync();
            _recordRequired = shops.Where(s => s.Policy.RequireConsultationRecord).Select(s => s.Id).ToHashSet();
        }

        _counts = await Queries.CallbackCountsAsync(_staff);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _subscription = Feed.Subscribe(notice => InvokeAsync(() => OnNoticeAsync(notice)));
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private async Task OnNoticeAsync(WorkspaceNotice notice)
    {
        if (_staff is null || (notice.Kind != WorkspaceNoticeKind.CallbacksChanged && notice.Kind != WorkspaceNoticeKind.Resync)
            || (notice.Kind == WorkspaceNoticeKind.CallbacksChanged && !_staff.Serves(notice.ShopId)))
        {
            return;
        }

        await RefreshAsync();
        StateHasChanged();
    }

    private void OpenLog()
    {
        _callback = null;
        _formKey++;
        _logOpen = true;
    }

    private void CloseLog() => _logOpen = false;

    private async Task OpenCallbacksAsync()
    {
        _listOpen = true;
        _items = null;
        await RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        _counts = await Queries.CallbackCountsAsync(_staff!);
        if (_listOpen)
        {
            var page = await Queries.CallbacksAsync(_staff!, CallbackStatus.Open, null, 0, Math.Max(Page, _items?.Count ?? 0));
            _items = [.. page.Items];
            _hasMore = page.HasMore;
        }
    }

    private async Task MoreAsync()
    {
        var page = await Queries.CallbacksAsync(_staff!, CallbackStatus.Open, null, _items?.Count ?? 0, Page);
        _items = [.. _items ?? [], .. page.Items.Where(i => _items?.All(x => x.Id != i.Id) ?? true)];
        _hasMore = page.HasMore;
    }

    private async Task TakeAsync(CallbackView task)
    {
        if (await Succeeds(() => Writer.ExecuteAsync(new TakeCallback(_staff!, task.Id))))
        {
            Snackbar.Add(T["Phone.Taken"], Severity.Success);
        }

        await RefreshAsync();
    }

    private async Task CancelAsync(CallbackView task)
    {
        if (await Succeeds(() => Writer.ExecuteAsync(new CancelCallback(_staff!, task.Id))))
        {
            Snackbar.Add(T["Phone.Cancelled"], Severity.Info);
        }

        await RefreshAsync();
    }

    /// <summary>Takes the task (its number is then shown in full to dial) and opens the form for the call back.</summary>
    private async Task CallBackAsync(CallbackView task)
    {
        if (!await Succeeds(() => Writer.ExecuteAsync(new TakeCallback(_staff!, task.Id))))
        {
            await RefreshAsync();
            return;
        }

        _callback = await Queries.CallbackAsync(_staff!, task.Id);
        _formKey++;
        _listOpen = false;
        _logOpen = true;
    }

    private async Task LoggedAsync(LoggedCall logged)
    {
        _logOpen = false;
        Snackbar.Add(T["Phone.Logged." + logged.Callback], logged.Callback == CallbackEffect.StillOpen ? Severity.Warning : Severity.Success);
        // Back to the list after a call back: the agent works through it.
        _listOpen = _callback is not null;
        _callback = null;
        await RefreshAsync();
    }

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
}
