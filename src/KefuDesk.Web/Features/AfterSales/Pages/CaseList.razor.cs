using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Pages;

/// <summary>
/// 售后单 list. The filters live in the address (?status=open&amp;overdue=true&amp;page=2), so a list can be
/// shared and bookmarked, the back button returns to it, and 导出 Excel exports exactly what is shown.
/// </summary>
public sealed partial class CaseList
{
    public const int PageSize = 20;

    private readonly CaseListForm _form = new();
    private StaffAccess? _staff;
    private IReadOnlyList<(Guid Id, string Name)> _shops = [];
    private IReadOnlyList<(Guid Id, string Name)> _agents = [];
    private CasePage? _page;
    private CaseFilter _filter = new();
    private int _escalated;
    private string? _error;
    private bool _interactive;
    private int _loads; // a list still loading when the address changes again must not overwrite the newer one
    private string? _shownUri;
    private bool _newOpen;
    private DateTime _now;

    [Inject] private CaseQueries Queries { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> Text { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "status")] private string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "kind")] private string? Kind { get; set; }
    [SupplyParameterFromQuery(Name = "shopId")] private Guid? ShopId { get; set; }
    [SupplyParameterFromQuery(Name = "owner")] private string? Owner { get; set; }
    [SupplyParameterFromQuery(Name = "overdue")] private bool? Overdue { get; set; }
    [SupplyParameterFromQuery(Name = "awaitingSupervisor")] private bool? AwaitingSupervisor { get; set; }
    [SupplyParameterFromQuery(Name = "escalated")] private bool? Escalated { get; set; }
    [SupplyParameterFromQuery(Name = "q")] private string? Query { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? To { get; set; }
    [SupplyParameterFromQuery(Name = "page")] private int? Page { get; set; }

    /// <summary>Live and loaded: the filters shown are the address's, so what is ticked now is not undone by the first load.</summary>
    private bool Ready => _interactive && (_page is not null || _error is not null);

    private int PageNumber => Math.Max(1, Page ?? 1);

    private int PageCount => _page is null ? 1 : Math.Max(1, (int)Math.Ceiling(_page.Total / (double)PageSize));

    /// <summary>The same filters as the page shows, as an .xlsx download.</summary>
    private string ExportHref => "/api/after-sales/cases/export?" + _filter.ToQueryString();

    private static string Camel<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _staff = user.Access();
        await using var db = await DbFactory.CreateDbContextAsync();
        var ids = _staff.ShopIds.ToList();
        _shops = await db.ServedShopsAsync(_staff!);
        var organisation = user.OrganisationId();
        _agents = (await db.Set<Agent>().AsNoTracking()
                .Where(a => a.OrganisationId == organisation && db.AgentShops.Any(s => s.AgentId == a.Id && ids.Contains(s.ShopId)))
                .OrderBy(a => a.DisplayName).Select(a => new { a.Id, a.DisplayName }).ToListAsync())
            .Select(a => (a.Id, a.DisplayName)).ToList();
    }

    protected override async Task OnParametersSetAsync()
    {
        // A parent's re-render sets the parameters again at the same address: keep what is being typed or ticked.
        if (Navigation.Uri == _shownUri)
        {
            return;
        }

        _shownUri = Navigation.Uri;
        _now = Clock.GetUtcNow().UtcDateTime;
        _form.Load(Status, Kind, ShopId, Owner, Overdue, AwaitingSupervisor, Escalated, Query, From, To);
        _error = null;
        _page = null;
        var load = ++_loads;
        try
        {
            _filter = CaseFilter.Parse(_staff!.AgentId, Status, Kind, ShopId, Owner, Overdue, AwaitingSupervisor, Escalated, Query, From, To);
            var page = await Queries.ListAsync(_staff, _filter, (PageNumber - 1) * PageSize, PageSize);
            var escalated = _staff.MaySupervise ? await Queries.EscalatedCountAsync(_staff) : 0;
            if (load == _loads)
            {
                (_page, _escalated) = (page, escalated);
            }
        }
        catch (KefuDeskException refused)
        {
            if (load != _loads)
            {
                return; // refused for an address no longer shown
            }

            _error = Text[refused.Error.ResourceKey];
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private Task SearchAsync() => GoAsync(1);

    private Task ClearAsync()
    {
        _form.Clear();
        return GoAsync(1);
    }

    private Task GoAsync(int page)
    {
        _shownUri = null; // 查询 at the same address loads again
        Navigation.NavigateTo(_form.ToUrl(page));
        return Task.CompletedTask;
    }

    private Task OpenedAsync(OpenedCase opened)
    {
        Navigation.NavigateTo($"/after-sales/{opened.Id}");
        return Task.CompletedTask;
    }
}

/// <summary>The list's filter form, bound to the inputs and turned into the page's address.</summary>
internal sealed class CaseListForm
{
    public string? Status { get; set; }
    public string? Kind { get; set; }
    public Guid? ShopId { get; set; }
    public string? Owner { get; set; }
    public bool Overdue { get; set; }
    public bool AwaitingSupervisor { get; set; }
    public bool Escalated { get; set; }
    public string? Query { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }

    public bool HasFilters => !string.IsNullOrEmpty(Status) || !string.IsNullOrEmpty(Kind) || ShopId is not null || !string.IsNullOrEmpty(Owner)
        || Overdue || AwaitingSupervisor || Escalated || !string.IsNullOrWhiteSpace(Query) || From is not null || To is not null;

    public void Load(string? status, string? kind, Guid? shopId, string? owner, bool? overdue, bool? awaitingSupervisor, bool? escalated, string? query,
        string? from, string? to)
    {
        Status = status;
        Kind = kind;
        ShopId = shopId;
        Owner = owner;
        Overdue = overdue == true;
        AwaitingSupervisor = awaitingSupervisor == true;
        Escalated = escalated == true;
        Query = query;
        From = DateOnly.TryParse(from, System.Globalization.CultureInfo.InvariantCulture, out var f) ? f : null;
        To = DateOnly.TryParse(to, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null;
    }

    public void Clear() => Load(null, null, null, null, null, null, null, null, null, null);

    public string ToUrl(int page)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
            }
        }

        Add("status", Status);
        Add("kind", Kind);
        Add("shopId", ShopId?.ToString());
        Add("owner", Owner);
        Add("overdue", Overdue ? "true" : null);
        Add("awaitingSupervisor", AwaitingSupervisor ? "true" : null);
        Add("escalated", Escalated ? "true" : null);
        Add("q", Query);
        Add("from", From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("page", page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        return "/after-sales" + (parts.Count > 0 ? "?" + string.Join('&', parts) : "");
    }
}
