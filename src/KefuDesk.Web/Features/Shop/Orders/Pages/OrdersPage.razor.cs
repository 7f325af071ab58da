using System.Globalization;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.Shop.Orders.Pages;

/// <summary>
/// 订单: the orders of the shops a staff member serves, newest first. The filters live in the
/// address (?status=shipped&amp;buyer=张三&amp;page=2), so a list can be shared and the same filters export.
/// </summary>
public sealed partial class OrdersPage
{
    public const int PageSize = 20;

    private IReadOnlyList<(Guid Id, string Name)> _shops = [];
    private Guid? _shopId;
    private OrderStatus? _status;
    private string? _orderNo;
    private string? _buyer;
    private DateOnly? _from;
    private DateOnly? _to;
    private OrderListPage? _page;
    private string? _error;
    private bool _interactive;
    private int _loads; // a page still loading when the address changes again must not overwrite the newer one
    private string? _shownUri;
    private StaffAccess _staff = default!;

    [Inject] private OrderList Orders { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> Text { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "shop")] private Guid? Shop { get; set; }
    [SupplyParameterFromQuery(Name = "status")] private string? Status { get; set; }
    [SupplyParameterFromQuery(Name = "no")] private string? OrderNo { get; set; }
    [SupplyParameterFromQuery(Name = "buyer")] private string? Buyer { get; set; }
    [SupplyParameterFromQuery(Name = "from")] private string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] private string? To { get; set; }
    [SupplyParameterFromQuery(Name = "page")] private int? Page { get; set; }

    private int PageNumber => Math.Max(1, Page ?? 1);

    private int PageCount => _page is null ? 1 : Math.Max(1, (int)Math.Ceiling(_page.Total / (double)PageSize));

    private bool Filtered => _shopId is not null || _status is not null || !string.IsNullOrWhiteSpace(_orderNo) || !string.IsNullOrWhiteSpace(_buyer)
                             || _from is not null || _to is not null;

    private string ExportHref => "/api/orders/export" + Query(includePage: false, forApi: true);

    protected override async Task OnInitializedAsync()
    {
        _staff = (await AuthenticationState).User.Access();
        await using var db = await DbFactory.CreateDbContextAsync();
        _shops = await db.ServedShopsAsync(_staff);
    }

    protected override async Task OnParametersSetAsync()
    {
        // A parent's re-render sets the parameters again at the same address: keep what is being typed or ticked.
        if (Navigation.Uri == _shownUri)
        {
            return;
        }

        _shownUri = Navigation.Uri;
        _shopId = Shop;
        _status = Enum.TryParse<OrderStatus>(Status, true, out var status) && Enum.IsDefined(status) ? status : null;
        _orderNo = OrderNo;
        _buyer = Buyer;
        _from = Day(From);
        _to = Day(To);
        _error = null;
        var load = ++_loads;
        try
        {
            var page = await Orders.PageAsync(_staff, new OrderFilter(_shopId, _status, _orderNo, _buyer, _from, _to), (PageNumber - 1) * PageSize,
                PageSize, default);
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

            _page = null;
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

    private Task GoAsync(int page)
    {
        _shownUri = null; // 查询 at the same address loads again
        Navigation.NavigateTo("/orders" + Query(includePage: true, forApi: false, page));
        return Task.CompletedTask;
    }

    /// <summary>The filters as a query string: the page's own names, or the API's for the export link.</summary>
    private string Query(bool includePage, bool forApi, int page = 1)
    {
        var query = new Dictionary<string, string?>();
        void Put(string pageName, string apiName, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query[forApi ? apiName : pageName] = value.Trim();
            }
        }

        Put("shop", "shopId", _shopId?.ToString());
        Put("status", "status", _status?.ToString());
        Put("no", "orderNo", _orderNo);
        Put("buyer", "buyer", _buyer);
        Put("from", "from", _from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Put("to", "to", _to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (includePage && page > 1)
        {
            query["page"] = page.ToString(CultureInfo.InvariantCulture);
        }

        return query.Count == 0 ? "" : QueryHelpers.AddQueryString("", query);
    }

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
