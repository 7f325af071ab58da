using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace KefuDesk.Features.Conversations.Workspace;

/// <summary>
/// The agent's workspace: conversation lists, the open thread with its composer, and the buyer
/// beside it. Live: notices from every node arrive through the <see cref="WorkspaceFeed"/>; the
/// thread trusts sequence numbers, not notices, so a missed notice is fetched rather than lost.
/// </summary>
public sealed partial class Workspace : IDisposable
{
    private const int ListPage = 50;
    private const int ThreadPage = 50;
    private static readonly TimeSpan ListRefreshDelay = TimeSpan.FromMilliseconds(300);

    private readonly List<ConversationSummary> _list = [];
    private readonly List<MessageView> _messages = [];

    private StaffAccess _staff = default!;
    private bool _maySupervise;
    private ConversationFilter _filter = ConversationFilter.Mine;
    private ConversationCounts _counts = new(0, 0, 0);
    private bool _loadingList = true;
    private bool _listHasMore;
    private ConversationSummary? _selected;
    private bool _hasOlder;
    private CustomerProfile? _profile;
    private string _draft = "";
    private bool _sending;
    private bool _scrollToEnd;
    private bool _interactive;
    private bool _listRefreshQueued;
    private DateTime _now;
    private IDisposable? _subscription;
    private DotNetObjectReference<Workspace>? _self;
    private ElementReference _messagesElement;
    private ElementReference _composerElement;
    private ElementReference _boundComposer;

    [Inject] private ConversationQueries Queries { get; set; } = default!;
    [Inject] private ConversationWriter Writer { get; set; } = default!;
    [Inject] private WorkspaceFeed Feed { get; set; } = default!;
    [Inject] private CustomerProfiles Profiles { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string TitleText => (_counts.MineUnread > 0 ? $"({_counts.MineUnread}) " : "") + T["Workspace.Title"] + " · KefuDesk";

    private string EmptyListKey => _filter switch
    {
        ConversationFilter.Mine => "Workspace.EmptyMine",
        ConversationFilter.Unassigned => "Workspace.EmptyUnassigned",
        _ => "Workspace.EmptyAll",
    };

    private bool CanClaim => _selected is { Status: not ConversationStatus.Closed } s
                             && (s.AssigneeId is null || (s.AssigneeId != _staff.AgentId && _maySupervise));

    private bool CanResolve => _selected is { Status: ConversationStatus.Open or ConversationStatus.Pending } s
                               && (s.AssigneeId == _staff.AgentId || _maySupervise);

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _staff = user.Access();
        _maySupervise = user.MaySupervise();
        _now = Clock.GetUtcNow().UtcDateTime;
        await ReloadListAsync();
        if (_list.Count == 0 && _counts.Unassigned > 0)
        {
            // Nothing of mine yet: show what is waiting to be picked up.
            _filter = ConversationFilter.Unassigned;
            await ReloadListAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Subscribe only once interactive: a prerender must not hold a subscription.
            _subscription = Feed.Subscribe(notice => InvokeAsync(() => OnNoticeAsync(notice)));
            _self = DotNetObjectReference.Create(this);
            _interactive = true; // tells people (and browser tests) that clicks now work
            StateHasChanged();
        }

        if (_selected is not null && !_composerElement.Equals(_boundComposer) && _self is not null)
        {
            _boundComposer = _composerElement;
            await JS.InvokeVoidAsync("kefudesk.composer", _composerElement, _self);
        }

        if (_scrollToEnd)
        {
            _scrollToEnd = false;
            await JS.InvokeVoidAsync("kefudesk.scrollToEnd", _messagesElement);
        }
    }

    [JSInvokable]
    public Task SendFromKeyboard() => InvokeAsync(SendAsync);

    public void Dispose()
    {
        _subscription?.Dispose();
        _self?.Dispose();
    }

    private string FilterClass(ConversationFilter filter) => filter == _filter ? "ws-filter ws-filter-on" : "ws-filter";

    private string CustomerLabel(string? name, string code) => name ?? T["Customer.Visitor", code];

    private async Task SetFilterAsync(ConversationFilter filter)
    {
        _filter = filter;
        _list.Clear();
        await ReloadListAsync();
    }

    private async Task ReloadListAsync()
    {
        _loadingList = true;
        var page = await Queries.ListAsync(_staff, _filter, 0, Math.Max(ListPage, _list.Count));
        _list.Clear();
        _list.AddRange(page.Items);
        _listHasMore = page.HasMore;
        _counts = await Queries.CountsAsync(_staff);
        _loadingList = false;
    }

    private async Task LoadMoreAsync()
    {
        var page = await Queries.ListAsync(_staff, _filter, _list.Count, ListPage);
        _list.AddRange(page.Items.Where(i => _list.All(l => l.Id != i.Id)));
        _listHasMore = page.HasMore;
    }

    private async Task SelectAsync(ConversationSummary item)
    {
        _selected = item;
        _messages.Clear();
        _profile = null;
        var page = await Queries.MessagesBeforeAsync(item.Id, null, ThreadPage);
        _messages.AddRange(page.Messages);
        _hasOlder = page.HasMore;
        _scrollToEnd = true;
        await MarkReadAsync();
        _profile = await Profiles.GetAsync(item.CustomerId, item.ShopId, _maySupervise);
    }

    private async Task LoadOlderAsync()
    {
        if (_selected is null || _messages.Count == 0)
        {
            return;
        }

        var page = await Queries.MessagesBeforeAsync(_selected.Id, _messages[0].Sequence, ThreadPage);
        _messages.InsertRange(0, page.Messages);
        _hasOlder = page.HasMore;
    }

    private async Task SendAsync()
    {
        if (_selected is null || _sending || string.IsNullOrWhiteSpace(_draft))
        {
            return;
        }

        _sending = true;
        try
        {
            var sent = await Writer.ExecuteAsync(SendMessage.FromAgent(_staff, _selected.Id, Guid.NewGuid().ToString("N"), _draft));
            _draft = "";
            await MergeAsync(sent);
            if (_selected.AssigneeId is null)
            {
                await RefreshSelectedAsync();
            }
        }
        catch (KefuDeskException refused)
        {
            Snackbar.Add(T[refused.Error.ResourceKey], Severity.Warning);
        }
        finally
        {
            _sending = false;
        }
    }

    private async Task ClaimAsync()
    {
        if (_selected is null)
        {
            return;
        }

        await Attempt(() => Writer.ExecuteAsync(new ClaimConversation(_staff, _selected.Id)));
        await RefreshSelectedAsync();
        await ReloadListAsync();
    }

    private async Task ResolveAsync()
    {
        if (_selected is null)
        {
            return;
        }

        if (await Attempt(() => Writer.ExecuteAsync(new ResolveConversation(_staff, _selected.Id, null))))
        {
            Snackbar.Add(T["Workspace.Resolved"], Severity.Success);
        }

        await RefreshSelectedAsync();
        await ReloadListAsync();
    }

    private async Task<bool> Attempt<TResult>(Func<Task<TResult>> action)
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

    private async Task RefreshSelectedAsync()
    {
        if (_selected is not null)
        {
            _selected = await Queries.GetAsync(_staff, _selected.Id);
            Replace(_selected);
        }
    }

    private async Task MarkReadAsync()
    {
        if (_selected is null || _messages.Count == 0)
        {
            return;
        }

        var last = _messages[^1].Sequence;
        await Writer.ExecuteAsync(MarkRead.ByAgent(_staff, _selected.Id, last));
        var index = _list.FindIndex(i => i.Id == _selected.Id);
        if (index >= 0 && _list[index].UnreadForAgent > 0)
        {
            _list[index] = _list[index] with { UnreadForAgent = 0 };
            _counts = await Queries.CountsAsync(_staff);
        }
    }

    /// <summary>Adds a message to the open thread in sequence order; a gap is fetched from the database.</summary>
    private async Task MergeAsync(MessageView message)
    {
        if (_selected?.Id != message.ConversationId || _messages.Any(m => m.Sequence == message.Sequence))
        {
            return;
        }

        var last = _messages.Count == 0 ? 0 : _messages[^1].Sequence;
        if (message.Sequence > last + 1 && _messages.Count > 0)
        {
            var missed = await Queries.MessagesAfterAsync(message.ConversationId, last, ConversationQueries.MaxPage);
            foreach (var m in missed.Messages.Where(m => _messages.All(x => x.Sequence != m.Sequence)))
            {
                _messages.Add(m);
            }
        }
        else if (message.Sequence > last)
        {
            _messages.Add(message);
        }
        else
        {
            _messages.Add(message);
            _messages.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        }

        _scrollToEnd = true;
    }

    private void Replace(ConversationSummary summary)
    {
        var index = _list.FindIndex(i => i.Id == summary.Id);
        if (index >= 0)
        {
            _list[index] = summary;
        }
    }
}
