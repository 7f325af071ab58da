using System.Globalization;
using System.Security.Claims;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop.Sync;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.Shop.Orders;

public static class OrderListApi
{
    public static IEndpointRouteBuilder MapOrderListApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").RequireAuthorization(StaffPolicies.Staff).WithTags("Orders")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", List).WithName("ListOrders")
            .WithSummary("Orders of your shops, newest first: filter by shopId, status, orderNo, buyer (name or phone), from/to (shop dates); offset, limit ≤ 100");
        api.MapGet("/export", Export).WithName("ExportOrders")
            .WithSummary("The same list as an .xlsx file (up to 100,000 orders); phones and addresses masked for agents");
        return app;
    }

    private static async Task<Ok<OrderListPage>> List(ClaimsPrincipal user, OrderList orders, Guid? shopId, string? status, string? orderNo, string? buyer,
        string? from, string? to, int? offset, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await orders.PageAsync(user.Access(), Filter(shopId, status, orderNo, buyer, from, to), offset ?? 0, limit ?? 20, ct));

    private static async Task<FileContentHttpResult> Export(ClaimsPrincipal user, OrderList orders, IStringLocalizer<SharedResource> text, Guid? shopId,
        string? status, string? orderNo, string? buyer, string? from, string? to, CancellationToken ct)
    {
        var bytes = await orders.ExportAsync(user.Access(), Filter(shopId, status, orderNo, buyer, from, to), s => text["OrderStatus." + s], ct);
        return TypedResults.File(bytes, Infrastructure.Spreadsheets.Spreadsheet.XlsxContentType, $"orders-{DateTime.UtcNow:yyyyMMdd-HHmm}.xlsx");
    }

    private static OrderFilter Filter(Guid? shopId, string? status, string? orderNo, string? buyer, string? from, string? to) =>
        new(shopId,
            string.IsNullOrWhiteSpace(status) ? null : PlatformValues.Status(status) ?? throw new KefuDeskException(KefuDeskError.PayloadInvalid, "status"),
            orderNo, buyer, Date(from, "from"), Date(to, "to"));

    private static DateOnly? Date(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new KefuDeskException(KefuDeskError.PayloadInvalid, $"{name}: yyyy-MM-dd");
}
