using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KefuDesk.Features.Channels.ImBridge;
using KefuDesk.Features.Shop.Import;
using KefuDesk.Features.Shop.Sync;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Shop;

/// <summary>
/// The shop platform's side of sync (signed webhook posts with the shop's secret) and an admin's
/// side of import (upload, wait for the check, confirm, wait for the import), over real HTTP.
/// </summary>
public sealed class ShopPlatform(AppFixture fx, StaffClient admin, string secret)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly HttpClient _anonymous = Clients.Http(fx.App).Http;

    public string Secret => secret;

    public static async Task<ShopPlatform> ConnectAsync(AppFixture fx, StaffClient admin, TestShop? shop = null)
    {
        var view = await admin.Http.GetFromJsonAsync<SyncSecretView>($"/api/admin/shops/{(shop ?? fx.World.Shop).Id}/sync-secret", Json.Options);
        return new ShopPlatform(fx, admin, view!.SyncSecret);
    }

    /// <summary>Posts a batch as the platform would: signed with the shop's secret, timestamped by the node's clock.</summary>
    public Task<HttpResponseMessage> PostAsync(object batch, string? withSecret = null, DateTimeOffset? at = null, Guid? shopId = null) =>
        PostRawAsync(JsonSerializer.SerializeToUtf8Bytes(batch, Json.Options), withSecret, at, shopId);

    public async Task<HttpResponseMessage> PostRawAsync(byte[] body, string? withSecret = null, DateTimeOffset? at = null, Guid? shopId = null,
        bool sign = true)
    {
        var timestamp = (at ?? fx.Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/shop-sync/{shopId ?? fx.World.Shop.Id}/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (sign)
        {
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(withSecret ?? secret, timestamp, body));
        }

        return await _anonymous.SendAsync(request);
    }

    public async Task<SyncResult> SyncAsync(object batch)
    {
        var response = await PostAsync(batch);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SyncResult>(Json.Options))!;
    }

    public Task<HttpResponseMessage> UploadAsync(string kind, string fileName, byte[] content, StaffClient? by = null, TestShop? shop = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        return (by ?? admin).Http.PostAsync($"/api/shop-data/{(shop ?? fx.World.Shop).Id}/imports?kind={kind}", form);
    }

    /// <summary>Uploads a file and waits for the check's verdict.</summary>
    public async Task<ImportView> CheckAsync(string kind, string fileName, byte[] content)
    {
        var response = await UploadAsync(kind, fileName, content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var uploaded = (await response.Content.ReadFromJsonAsync<ImportView>(Json.Options))!;
        return await WaitAsync(uploaded.Id, ImportStatus.Checking);
    }

    public async Task<ImportView> ConfirmAsync(Guid importId)
    {
        var response = await admin.Http.PostAsync($"/api/shop-data/imports/{importId}/confirm", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await WaitAsync(importId, ImportStatus.Importing);
    }

    /// <summary>Checks and imports a file that must pass.</summary>
    public async Task<ImportView> ImportAsync(string kind, string fileName, byte[] content)
    {
        var checkedFile = await CheckAsync(kind, fileName, content);
        Assert.True(checkedFile.Status == ImportStatus.Ready, string.Join("\n", checkedFile.Problems.Select(p => p.Message)) + checkedFile.FailureMessage);
        var imported = await ConfirmAsync(checkedFile.Id);
        Assert.True(imported.Status == ImportStatus.Imported, imported.FailureMessage);
        return imported;
    }

    public Task<ImportView> GetAsync(Guid importId) => admin.Http.GetFromJsonAsync<ImportView>($"/api/shop-data/imports/{importId}", Json.Options)!;

    private async Task<ImportView> WaitAsync(Guid importId, ImportStatus whileIn)
    {
        ImportView view = default!;
        await Eventually.TrueAsync(async () => (view = (await GetAsync(importId))!).Status != whileIn, Patience);
        return view;
    }

    public async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> read)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }
}

/// <summary>Import files built the way admins get them: .xlsx from the app's own writer, .csv as UTF-8 or GBK text.</summary>
public static class Sheets
{
    public static byte[] Xlsx(params IReadOnlyDictionary<string, object?>[] rows) =>
        KefuDesk.Infrastructure.Spreadsheets.Spreadsheet.XlsxAsync("Sheet1", rows).GetAwaiter().GetResult();

    public static byte[] Csv(string text, System.Text.Encoding? encoding = null) => (encoding ?? System.Text.Encoding.UTF8).GetBytes(text);

    /// <summary>An order line row under the order template's headers; blank cells left out.</summary>
    public static Dictionary<string, object?> OrderLine(string orderNo, string buyer, string status, string title, string price, string quantity,
        string created = "2025-11-20 14:05:00", string sku = "", string discount = "", string shipping = "", string paid = "", string paidAt = "",
        string receiver = "王小明", string phone = "13800138000", string address = "浙江省杭州市西湖区文三路 100 号", string remark = "", string updated = "")
        => new()
        {
            ["订单编号"] = orderNo, ["买家会员名"] = buyer, ["订单状态"] = status, ["订单创建时间"] = created, ["订单付款时间"] = paidAt,
            ["商品标题"] = title, ["商家编码"] = sku, ["单价"] = price, ["数量"] = quantity, ["店铺优惠"] = discount, ["运费"] = shipping,
            ["买家实际支付金额"] = paid, ["收货人姓名"] = receiver, ["联系手机"] = phone, ["收货地址"] = address, ["卖家备注"] = remark,
            ["物流公司"] = "", ["物流单号"] = "", ["更新时间"] = updated,
        };
}
