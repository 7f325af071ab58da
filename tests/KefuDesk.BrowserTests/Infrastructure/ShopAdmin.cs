using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Demo;
using KefuDesk.Features.Shop;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.BrowserTests.Infrastructure;

/// <summary>A demo staff member signed in over HTTP (a cookie), for what a test drives through the API.</summary>
public static class DemoStaff
{
    public static Task<StaffClient> SignInAsync(KefuDeskApp app, DemoAccounts.Account account) =>
        StaffClient.SignInAsync(app, new TestStaff(Guid.Empty, account.UserName, account.Password, account.Nickname));
}

/// <summary>The demo admin changing a shop's settings over the REST API, as 店铺设置 does.</summary>
public sealed class ShopAdmin(StaffClient admin) : IAsyncDisposable
{
    public static async Task<ShopAdmin> SignInAsync(KefuDeskApp app) => new(await DemoStaff.SignInAsync(app, DemoAccounts.Admin));

    public async Task<Guid> ShopIdAsync(string widgetKey) =>
        (await admin.Http.GetFromJsonAsync<List<ShopSettingsView>>("/api/admin/shops", Json.Options))!.Single(s => s.WidgetKey == widgetKey).ShopId;

    public async Task ChangeAsync(string widgetKey, object settings)
    {
        var response = await admin.Http.PutAsJsonAsync($"/api/admin/shops/{await ShopIdAsync(widgetKey)}/settings", settings, Json.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task<string> WidgetSecretAsync(string widgetKey) =>
        (await admin.Http.GetFromJsonAsync<WidgetSecretView>($"/api/admin/shops/{await ShopIdAsync(widgetKey)}/widget-secret", Json.Options))!.WidgetSecret;

    public ValueTask DisposeAsync() => admin.DisposeAsync();
}
