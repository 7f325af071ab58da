using System.Globalization;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.Search.Pages;

/// <summary>
/// 会话记录: the history search. The search lives in the address (?q=退货&amp;shop=…&amp;page=2), so a
/// result can be shared, bookmarked, and returned to from a transcript with the back button.
/// </summary>
public sealed partial class HistorySearch
{
    public const int PageSize = 20;

    private static readonly string[] Examples = ["退货", "发货慢", "运费险", "refund"];

    private readonly SearchForm _form = new();
    private StaffAccess _staff = default!;
    private IReadOnlyList<(Guid Id, string Name)> _shops = [];
    private IReadOnlyList<(Guid Id, string Name)> _agents = [];
    private MessageSearchPage? _page;
    private string? _error;
    private bool _interactive;
    private int _loads; // a search still running when the address changes again must not overwrite the newer one
    private string? _shownUri;

    [Inject] private MessageSearch Search { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> Text { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")] private string? Query { get; set; }
    [SupplyParameterFromQuery(Name = "shop")] private Guid? ShopId { get; set; }
    [SupplyParameterFromQuery(Name = "agent")] private Guid? AgentId { get; set; }
    [SupplyParameterFromQuery(Name = "channel")] private string? Channel { get; set; }
    [SupplyParameterFromQuery(Name = "status")] private string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "tag")] private string? Tag { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? To { get; set; }
    [SupplyParameterFromQuery(Name = "order")] private string? Order { get; set; }
    [SupplyParameterFromQuery(Name = "page")] private int? Page { get; set; }

    private int PageNumber => Math.Max(1, Page ?? 1);

    private int PageCount => _page is null ? 1 : Math.Max(PageNumber, (int)Math.Ceiling(_page.Total / (double)PageSize) + (_page.TotalExact ? 0 : 1));

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _staff = user.Access();
        await using var db = await DbFactory.CreateDbContextAsync();
        var ids = _staff.ShopIds.ToList();
        _shops = await db.ServedShopsAsync(_staff);
        var organisation = user.OrganisationId();
        _agents = (await db.Set<Agent>().AsNoTracking()
                .Where(a => a.OrganisationId == organisation && db.AgentShops.Any(s => s.AgentId == a.Id && ids.Contains(s.ShopId)))
                .OrderBy(a => a.DisplayName)
                .Select(a => new { a.Id, a.DisplayName, a.Nickname }).ToListAsync())
            .Select(a => (a.Id, a.DisplayName == a.Nickname ? a.DisplayName : $"{a.DisplayName}({a.Nickname})")).ToList();
    }

    protected override async Task OnParametersSetAsync()
    {
        // A parent's re-render sets the parameters again at the same address: keep what is being typed or ticked.
        if (Navigation.Uri == _shownUri)
        {
            return;
        }

        _shownUri = Navigation.Uri;
        _form.Load(Query, ShopId, AgentId, Channel, Status, Tag, From, To, Order);
        _error = null;
        _page = null;
        if (string.IsNullOrWhiteSpace(Query))
        {
            return;
        }

        var load = ++_loads;
        try
        {
            var page = await Search.SearchAsync(_staff, _form.ToRequest((PageNumber - 1) * PageSize, PageSize));
            if (load == _loads)
            {
                _page = page;
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

    private Task SubmitAsync() => GoAsync(page: 1);

    private Task SearchForAsync(string example)
    {
        _form.Query = example;
        return GoAsync(page: 1);
    }

    private Task ClearFiltersAsync()
    {
        _form.ClearFilters();
        return string.IsNullOrWhiteSpace(_form.Query) ? Task.CompletedTask : GoAsync(page: 1);
    }

    private Task ReorderAsync(SearchOrder order)
    {
        _form.Order = order;
        return GoAsync(page: 1);
    }

    private Task GoToPageAsync(int page) => GoAsync(page);

    private Task GoAsync(int page)
    {
        _shownUri = null; // 查询 at the same address loads again
        Navigation.NavigateTo(_form.ToUrl(page));
        return Task.CompletedTask;
    }

    /// <summary>The transcript opens at the message found; back returns to these results.</summary>
    private string TranscriptHref(MessageHit hit) =>
        $"/conversations/{hit.ConversationId}/transcript?internal={(hit.Internal ? "true" : "false")}&at={hit.Sequence.ToString(CultureInfo.InvariantCulture)}"
        + $"&back={Uri.EscapeDataString(_form.ToUrl(PageNumber))}#m-{hit.Sequence.ToString(CultureInfo.InvariantCulture)}";
}
