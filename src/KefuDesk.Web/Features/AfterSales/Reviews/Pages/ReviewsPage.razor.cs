using System.Globalization;
using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace KefuDesk.Features.AfterSales.Reviews.Pages;

public enum ReviewTab
{
    List,
    Import,
    Dsr,
    Templates,
}

/// <summary>
/// 评价: one shop's reviews (filters, paging, export) with the 中差评 to follow up, the import
/// (preview first), the DSR trend by month and the reply templates.
/// </summary>
public sealed partial class ReviewsPage
{
    private const int PageSize = 20;

    private StaffAccess? _staff;
    private IReadOnlyList<(Guid Id, string Name)> _shops = [];
    private Guid _shopId;
    private ReviewTab _tab = ReviewTab.List;
    private bool _interactive;
    private string _q = "";
    private string _rating = "";
    private FollowUpStatus? _followUp;
    private Guid? _assignee;
    private DateTime? _from;
    private DateTime? _to;
    private int _offset;
    private ReviewPage? _page;
    private int _pendingMine;
    private IReadOnlyList<TeamMate> _team = [];
    private IReadOnlyList<ReplyTemplateView> _templates = [];
    private ReviewRow? _open;
    private bool _dialogOpen;
    private DateTime _now;
    private string? _error;
    private IDisposable? _subscription;
    private readonly CancellationTokenSource _closed = new();
    private bool _reloadQueued;
    private int _givenToMe; // reviews given to me to follow up since the last reload
    private int _loads; // a reload finishing after a newer one (a filter changed meanwhile) must not overwrite it

    [Inject] private ReviewQueries Queries { get; set; } = default!;
    [Inject] private ReplyTemplates TemplateBook { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private WorkspaceFeed Feed { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>An import flags many reviews at once: gather the burst into one reload.</summary>
    internal static readonly TimeSpan ReloadAfter = TimeSpan.FromMilliseconds(300);

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "tab")] private string? Tab { get; set; }

    private bool MineOnly => _assignee == _staff?.AgentId && _followUp == FollowUpStatus.Pending;

    private string ShopName => _shops.FirstOrDefault(s => s.Id == _shopId).Name ?? "";

    private ReviewFilter Filter => new(_shopId, Enum.TryParse<ReviewRating>(_rating, out var r) ? r : null, _rating == "neutralOrBad", null, _followUp,
        _assignee, _from is { } f ? DateOnly.FromDateTime(f) : null, _to is { } t ? DateOnly.FromDateTime(t) : null, _q);

    private string ExportUrl
    {
        get
        {
            var f = Filter;
            var query = new List<string> { "shopId=" + _shopId };
            if (_rating.Length > 0)
            {
                query.Add("rating=" + (f.NeutralOrBad ? "neutralOrBad" : f.Rating.ToString()!.ToLowerInvariant()));
            }

            if (f.FollowUp is { } followUp)
            {
                query.Add("followUp=" + followUp.ToString().ToLowerInvariant());
            }

            if (f.AssigneeId is { } assignee)
            {
                query.Add("assigneeId=" + assignee);
            }

            if (f.From is { } from)
            {
                query.Add("from=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            if (f.To is { } to)
            {
                query.Add("to=" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrWhiteSpace(f.Q))
            {
                query.Add("q=" + Uri.EscapeDataString(f.Q));
            }

            return "/api/after-sales/reviews/export?" + string.Join('&', query);
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _staff = (await AuthenticationState).User.Access();
        _tab = Enum.TryParse<ReviewTab>(Tab, ignoreCase: true, out var tab) ? tab : ReviewTab.List;
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            _shops = await db.ServedShopsAsync(_staff!);
        }

        _shopId = _shops.FirstOrDefault().Id;
        await ShopChangedAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _subscription = Feed.Subscribe(notice => InvokeAsync(() => OnNoticeAsync(notice)));
            _interactive = true;
            StateHasChanged();
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _closed.Cancel();
        _closed.Dispose();
    }

    /// <summary>
    /// Reviews changed on some node (flagged, followed up, reassigned, imported): the list and 待我跟进
    /// follow, and a colleague given a 中差评 to follow up is told.
    /// </summary>
    private async Task OnNoticeAsync(WorkspaceNotice notice)
    {
        if (_staff is null || _shopId == Guid.Empty
            || !(notice.Kind == WorkspaceNoticeKind.Resync || (notice.Kind == WorkspaceNoticeKind.ReviewsChanged && _staff.Serves(notice.ShopId))))
        {
            return;
        }

        if (notice is { Kind: WorkspaceNoticeKind.ReviewsChanged, On: true } && notice.AssigneeId == _staff.AgentId)
        {
            _givenToMe++;
        }

        if (_reloadQueued)
        {
            return;
        }

        _reloadQueued = true;
        try
        {
            await Task.Delay(ReloadAfter, _closed.Token);
            if (_givenToMe > 0)
            {
                Snackbar.Add(T["Reviews.GivenToYou", _givenToMe], Severity.Warning);
                _givenToMe = 0;
            }

            await LoadAsync();
            StateHasChanged();
        }
        catch (OperationCanceledException)
        {
            // the page was closed meanwhile
        }
        finally
        {
            _reloadQueued = false;
        }
    }

    private static string Score(int? score) => score?.ToString(CultureInfo.InvariantCulture) ?? "–";

    private async Task ShopChangedAsync()
    {
        if (_shopId == Guid.Empty)
        {
            return;
        }

        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            _team = await ShopTeam.OfShopAsync(db, _shopId);
        }

        _assignee = _assignee is { } a && _team.Any(m => m.Id == a) ? a : null;
        _templates = await TemplateBook.ListAsync(_staff!, _shopId);
        _offset = 0;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var load = ++_loads;
        ReviewPage page;
        string? error = null;
        try
        {
            page = await Queries.ListAsync(_staff!, Filter, _offset, PageSize);
        }
        catch (KefuDeskException refused)
        {
            error = refused.Detail ?? T[refused.Error.ResourceKey].Value;
            page = new ReviewPage([], 0, PageSize, 0);
        }

        var pendingMine = await Queries.PendingForAsync(_staff!);
        if (load == _loads)
        {
            (_page, _error, _pendingMine, _now) = (page, error, pendingMine, Clock.GetUtcNow().UtcDateTime);
        }
    }

    private async Task SearchAsync()
    {
        _offset = 0;
        await LoadAsync();
    }

    private async Task SearchOnEnterAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await SearchAsync();
        }
    }

    /// <summary>待我跟进: my reviews waiting for follow-up, or back to everything.</summary>
    private async Task MineAsync()
    {
        var all = MineOnly;
        _assignee = all ? null : _staff!.AgentId;
        _followUp = all ? null : FollowUpStatus.Pending;
        _rating = "";
        await SearchAsync();
    }

    private async Task GoAsync(int pages)
    {
        _offset = Math.Max(0, _offset + (pages * PageSize));
        await LoadAsync();
    }

    private void Open(ReviewRow review)
    {
        _open = review;
        _dialogOpen = true;
    }

    private async Task SavedAsync()
    {
        _dialogOpen = false;
        await LoadAsync();
    }

    private async Task ImportedAsync()
    {
        _tab = ReviewTab.List;
        await SearchAsync();
    }

    private async Task TemplatesChangedAsync() => _templates = await TemplateBook.ListAsync(_staff!, _shopId);
}
