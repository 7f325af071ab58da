using KefuDesk.Features.Conversations.Categories;
using KefuDesk.Features.Conversations.Details;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;
using MudBlazor;

namespace KefuDesk.Features.Conversations.Workspace;

/// <summary>
/// The agent's workspace: conversation lists, the open thread with its composer, and the buyer
/// beside it. Actions are in <c>Workspace.Actions.cs</c>, live updates in <c>Workspace.Live.cs</c>.
/// </summary>
public sealed partial class Workspace : IDisposable
{
    private const int ListPage = 50;
    private const int ThreadPage = 50;

    private readonly List<ConversationSummary> _list = [];
    private readonly List<MessageView> _messages = [];

    private StaffAccess _staff = default!;
    private bool _maySupervise;
    private ConversationListQuery _query = new();
    private ConversationCounts _counts = new(0, 0, 0);
    private IReadOnlyList<(Guid Id, string Name)> _shops = [];
    private IReadOnlyList<CategoryNode> _categories = [];
    private string _search = "";
    private bool _loadingList = true;
    private bool _listHasMore;
    private ConversationSummary? _selected;
    private bool _hasOlder;
    private CustomerProfile? _profile;
    private ConversationFacts? _facts;
    private TransferTargets? _targets;
    private Panel _panel;
    private Side _side;
    private IReadOnlyDictionary<string, Guid> _orderNumbers = new Dictionary<string, Guid>();
    private KefuDesk.Features.Shop.Orders.Panel.BuyerOrders? _buyerOrders;
    private bool _recordRequired = true;
    private bool _scrollToEnd;
    private bool _interactive;
    private DateTime _now;
    private IDisposable? _subscription;
    private DotNetObjectReference<Workspace>? _self;
    private ElementReference _messagesElement;
    private Composer? _composer;

    private enum Panel
    {
        None,
        Resolve,
        Transfer,
    }

    private enum Side
    {
        Customer,
        Facts,
    }

    [Inject] private ConversationQueries Queries { get; set; } = default!;
    [Inject] private ConversationDetails Details { get; set; } = default!;
    [Inject] private ConsultationCategories Categories { get; set; } = default!;
    [Inject] private ConversationWriter Writer { get; set; } = default!;
    [Inject] private WorkspaceFeed Feed { get; set; } = default!;
    [Inject] private CustomerProfiles Profiles { get; set; } = default!;
    [Inject] private KefuDesk.Features.Shop.Orders.OrderQueries Orders { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private Routing.Presence.Presence Presence { get; set; } = default!;

    private IDisposable? _online;
    private Guid _organisationId;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The tab says how many buyers wait for this agent's answer (待回复), seen from any other tab.</summary>
    private string TitleText => (_counts.Waiting > 0 ? T["Workspace.TitleWaiting", _counts.Waiting].Value : "") + T["Workspace.Title"] + " · KefuDesk";

    private Dictionary<Guid, ServicePolicy> _policies = [];

    private bool _alertsOn;

    private (int Warn, int Late) Thresholds(Guid shopId) =>
        _policies.TryGetValue(shopId, out var p) ? (p.ReplyWarnSeconds, p.ReplyLateSeconds) : (60, 180);

    private async Task ToggleAlertsAsync() => _alertsOn = await JS.InvokeAsync<bool>("kefudesk.setAlerts", !_alertsOn);

    private string EmptyListKey => _query.Filter switch
    {
        ConversationFilter.Mine => "Workspace.EmptyMine",
        ConversationFilter.Waiting => "Workspace.EmptyWaiting",
        ConversationFilter.Pending => "Workspace.EmptyPending",
        ConversationFilter.Unassigned => "Workspace.EmptyUnassigned",
        _ => "Workspace.EmptyAll",
    };

    /// <summary>The list as shown: narrowed by the quick search box (name, preview, tags).</summary>
    private IReadOnlyList<ConversationSummary> Shown => _search.Length == 0
        ? _list
        : _list.Where(c => (c.CustomerName ?? c.VisitorCode).Contains(_search, StringComparison.OrdinalIgnoreCase)
                           || c.LastMessagePreview.Contains(_search, StringComparison.OrdinalIgnoreCase)
                           || c.Tags.Any(t => t.Contains(_search, StringComparison.OrdinalIgnoreCase))).ToList();

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _staff = user.Access();
        _organisationId = user.OrganisationId();
        _maySupervise = user.MaySupervise();
        _now = Clock.GetUtcNow().UtcDateTime;
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            _shops = await db.ServedShopsAsync(_staff);
            var shopIds = _shops.Select(s => s.Id).ToList();
            _policies = await db.Shops.AsNoTracking().Where(s => shopIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Policy);
        }

        _categories = await Categories.TreeAsync(user.OrganisationId(), includeRetired: false);
        await ReloadListAsync();
        if (_counts.Offline > 0)
        {
            // 留言 first: buyers who wrote while nobody was here have waited longest.
            _query = _query with { Filter = ConversationFilter.Offline };
            await ReloadListAsync();
        }
        else if (_list.Count == 0 && _counts.Unassigned > 0)
        {
            // Nothing of mine yet: show who is waiting to be picked up.
            _query = _query with { Filter = ConversationFilter.Unassigned };
            await ReloadListAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Subscribe only once interactive: a prerender must not hold a subscription.
            _subscription = Feed.Subscribe(notice => InvokeAsync(() => OnNoticeAsync(notice)));
            _online = await Presence.ConnectAsync(_staff.AgentId); // an open workspace means someone can answer
            _self = DotNetObjectReference.Create(this);
            await JS.InvokeVoidAsync("kefudesk.shortcuts", _self);
            _alertsOn = await JS.InvokeAsync<bool>("kefudesk.alertsOn");
            _interactive = true; // tells people (and browser tests) that clicks now work
            StateHasChanged();
        }

        if (_scrollToEnd)
        {
            _scrollToEnd = false;
            await JS.InvokeVoidAsync("kefudesk.scrollToEnd", _messagesElement);
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _online?.Dispose();
        _self?.Dispose();
    }

    private async Task SetQueryAsync(ConversationListQuery query)
    {
        _query = query;
        _list.Clear();
        await ReloadListAsync();
    }

    /// <summary>Supervisors see every conversation with the tag; an agent narrows the list they are in (the whole list is not theirs to read).</summary>
    private Task FilterByTagAsync(string tag) =>
        SetQueryAsync(_query with { Filter = _maySupervise ? ConversationFilter.All : _query.Filter, Tag = tag, Offset = 0 });

    private async Task ReloadListAsync()
    {
        _loadingList = true;
        var page = await Queries.ListAsync(_staff, _query with { Offset = 0, Limit = Math.Max(ListPage, _list.Count) });
        _list.Clear();
        _list.AddRange(page.Items);
        _listHasMore = page.HasMore;
        _counts = await Queries.CountsAsync(_staff);
        _loadingList = false;
    }

    private async Task LoadMoreAsync()
    {
        var page = await Queries.ListAsync(_staff, _query with { Offset = _list.Count, Limit = ListPage });
        _list.AddRange(page.Items.Where(i => _list.All(l => l.Id != i.Id)));
        _listHasMore = page.HasMore;
    }

    private async Task SelectAsync(ConversationSummary item)
    {
        _selected = item;
        _composer?.Reset();
        _messages.Clear();
        _profile = null;
        _facts = null;
        _panel = Panel.None;
        _buyerTypingUntil = null;
        var page = await Queries.MessagesBeforeAsync(item.Id, null, ThreadPage);
        _messages.AddRange(page.Messages);
        _hasOlder = page.HasMore;
        _scrollToEnd = true;
        await MarkReadAsync();
        _profile = await Profiles.GetAsync(_staff, item.CustomerId, item.ShopId);
        _orderNumbers = await Orders.BuyerOrderNumbersAsync(_staff, item.CustomerId, item.ShopId);
        if (_side == Side.Facts)
        {
            _facts = await Details.FactsAsync(_staff, item.Id);
        }

        if (_composer is not null)
        {
            await _composer.FocusAsync();
        }
    }

    /// <summary>Another record was folded into this buyer: their profile and the list change.</summary>
    private async Task OnCustomerMergedAsync()
    {
        if (_selected is { } selected)
        {
            _profile = await Profiles.GetAsync(_staff, selected.CustomerId, selected.ShopId);
        }

        await ReloadListAsync();
    }

    /// <summary>Colleagues of the conversation's shop, for @ in a note.</summary>
    private async Task<IReadOnlyList<TransferColleague>> ColleaguesAsync() =>
        _selected is null ? [] : (await Details.TransferTargetsAsync(_staff, _selected.Id)).Agents;

    /// <summary>An order number in the buyer's words: the order opens in the panel beside the chat.</summary>
    private async Task OpenOrderAsync(Guid orderId)
    {
        if (_side != Side.Customer)
        {
            await ShowSideAsync(Side.Customer);
            StateHasChanged();
            await Task.Yield(); // the panel renders before it is asked to open the order
        }

        if (_buyerOrders is not null)
        {
            await _buyerOrders.OpenAsync(orderId);
        }
    }

    private async Task ShowSideAsync(Side side)
    {
        _side = side;
        if (side == Side.Facts && _selected is not null)
        {
            _facts = await Details.FactsAsync(_staff, _selected.Id);
        }
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

    private async Task RefreshSelectedAsync()
    {
        if (_selected is not null)
        {
            _selected = await Queries.GetAsync(_staff, _selected.Id);
            var index = _list.FindIndex(i => i.Id == _selected.Id);
            if (index >= 0)
            {
                _list[index] = _selected;
            }

            if (_side == Side.Facts)
            {
                _facts = await Details.FactsAsync(_staff, _selected.Id);
            }
        }
    }

    /// <summary>Adds a message to the open thread in sequence order; a gap is fetched from the database.</summary>
    private async Task MergeAsync(MessageView message)
    {
        if (_selected?.Id != message.ConversationId)
        {
            return;
        }

        var known = _messages.FindIndex(m => m.Sequence == message.Sequence);
        if (known >= 0)
        {
            _messages[known] = message; // a recalled or rated version replaces the old one
            return;
        }

        var last = _messages.Count == 0 ? 0 : _messages[^1].Sequence;
        if (message.Sequence > last + 1 && _messages.Count > 0)
        {
            var missed = await Queries.MessagesAfterAsync(message.ConversationId, last, ConversationQueries.MaxPage);
            _messages.AddRange(missed.Messages.Where(m => _messages.All(x => x.Sequence != m.Sequence)));
        }
        else
        {
            _messages.Add(message);
            _messages.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        }

        _scrollToEnd = true;
    }

    private async Task MarkReadAsync()
    {
        if (_selected is null || _messages.Count == 0)
        {
            return;
        }

        await Writer.ExecuteAsync(MarkRead.ByAgent(_staff, _selected.Id, _messages[^1].Sequence));
        var index = _list.FindIndex(i => i.Id == _selected.Id);
        if (index >= 0 && _list[index].UnreadForAgent > 0)
        {
            _list[index] = _list[index] with { UnreadForAgent = 0 };
            _counts = await Queries.CountsAsync(_staff);
        }
    }
}
