using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Widget;

/// <summary>
/// The widget on a shop's own site: allowed origins (CORS for the REST side and the buyer hub),
/// signed buyer identities that turn a visitor into a known member, and the pre-chat form.
/// </summary>
public abstract class WidgetEmbeddingTests(AppFixture fx) : IAsyncLifetime
{
    private const string BrandSite = "https://www.brand-example.com";
    private const string OtherShopSite = "https://other-shop.example.com";
    private StaffClient _admin = default!;

    public async Task InitializeAsync()
    {
        _admin = await fx.SignInAsync(fx.World.Admin);
        await AllowAsync(fx.World.Shop, [BrandSite + "/", "HTTPS://WWW.BRAND-EXAMPLE.COM"]);
        await AllowAsync(fx.World.OtherShop, [OtherShopSite]);
    }

    public async Task DisposeAsync() => await _admin.DisposeAsync();

    private async Task AllowAsync(TestShop shop, string[] origins) =>
        Assert.Equal(HttpStatusCode.OK, (await _admin.Http.PutAsJsonAsync($"/api/admin/shops/{shop.Id}/settings",
            new { allowedOrigins = origins }, Json.Options)).StatusCode);

    private async Task<string> SecretAsync(TestShop shop) =>
        (await _admin.Http.GetFromJsonAsync<WidgetSecretView>($"/api/admin/shops/{shop.Id}/widget-secret", Json.Options))!.WidgetSecret;

    private HttpRequestMessage FromSite(HttpMethod method, string path, string origin, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json.Options) };
        request.Headers.Add("Origin", origin);
        return request;
    }

    private async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> read)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    [Fact]
    public async Task A_listed_site_gets_its_preflight_and_session_answered_with_cors_headers()
    {
        var (http, _) = Clients.Http(fx.App);
        var preflight = FromSite(HttpMethod.Options, "/api/widget/sessions", BrandSite);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        var answer = await http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(BrandSite, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("authorization", answer.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials")); // a bearer token, never a cookie

        var session = await http.SendAsync(FromSite(HttpMethod.Post, "/api/widget/sessions", BrandSite, new { widgetKey = fx.World.Shop.WidgetKey }));
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Equal(BrandSite, session.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var token = (await session.Content.ReadFromJsonAsync<WidgetSession>(Json.Options))!.VisitorToken;

        var send = FromSite(HttpMethod.Post, "/api/widget/messages", BrandSite, new { clientMessageId = "site-1", body = "官网上来问问" });
        send.Headers.Authorization = new("Bearer", token);
        var sent = await http.SendAsync(send);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(BrandSite, sent.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(sent.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Sites_nobody_listed_and_sites_of_another_shop_are_refused()
    {
        var (http, _) = Clients.Http(fx.App);
        var preflight = FromSite(HttpMethod.Options, "/api/widget/sessions", "https://evil.example.net");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var refused = await http.SendAsync(preflight);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "origin_not_allowed");
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        // Listed, but by the other shop: the session names this shop, so it is refused (readably).
        var wrongShop = await http.SendAsync(FromSite(HttpMethod.Post, "/api/widget/sessions", OtherShopSite, new { widgetKey = fx.World.Shop.WidgetKey }));
        await wrongShop.AssertProblemAsync(HttpStatusCode.Forbidden, "origin_not_allowed");
        Assert.Equal(OtherShopSite, wrongShop.Headers.GetValues("Access-Control-Allow-Origin").Single());

        // A token of this shop used from the other shop's site.
        using var buyer = await fx.NewBuyerAsync();
        var send = FromSite(HttpMethod.Post, "/api/widget/messages", OtherShopSite, new { clientMessageId = "x-1", body = "hi" });
        send.Headers.Authorization = new("Bearer", buyer.Token);
        await (await http.SendAsync(send)).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_not_allowed");

        // The hub too: negotiate from an unlisted site.
        var negotiate = FromSite(HttpMethod.Post, "/hubs/buyer/negotiate?negotiateVersion=1", "https://evil.example.net");
        negotiate.Headers.Authorization = new("Bearer", buyer.Token);
        await (await http.SendAsync(negotiate)).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_not_allowed");
    }

    [Fact]
    public async Task The_buyer_hub_accepts_a_listed_site()
    {
        using var buyer = await fx.NewBuyerAsync();
        var hub = new HubConnectionBuilder()
            .WithUrl(fx.App.Url("/hubs/buyer"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(buyer.Token);
                o.Headers["Origin"] = BrandSite;
            })
            .AddJsonProtocol(o => Json.Configure(o.PayloadSerializerOptions))
            .Build();
        await hub.StartAsync();
        var sent = await hub.InvokeAsync<MessageView>("SendMessage", new { clientMessageId = "hub-site-1", body = "从官网来的" });
        Assert.Equal("从官网来的", sent.Body);
        await hub.DisposeAsync();
    }

    [Fact]
    public async Task Admins_list_origins_in_the_form_browsers_send_and_bad_ones_are_refused()
    {
        var shops = (await _admin.Http.GetFromJsonAsync<List<ShopSettingsView>>("/api/admin/shops", Json.Options))!;
        Assert.Equal([BrandSite], shops.Single(s => s.ShopId == fx.World.Shop.Id).AllowedOrigins);

        foreach (var bad in new[] { "www.no-scheme.com", "https://a.com/path", "ftp://a.com", "https://*.a.com", "https://a.com?x=1" })
        {
            var response = await _admin.Http.PutAsJsonAsync($"/api/admin/shops/{fx.World.Shop.Id}/settings", new { allowedOrigins = new[] { bad } }, Json.Options);
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "shop_settings_invalid");
        }

        var tooMany = Enumerable.Range(0, 21).Select(i => $"https://s{i}.example.com").ToArray();
        await (await _admin.Http.PutAsJsonAsync($"/api/admin/shops/{fx.World.Shop.Id}/settings", new { allowedOrigins = tooMany }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "shop_settings_invalid");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await (await agent.Http.GetAsync("/api/admin/shops")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await agent.Http.GetAsync($"/api/admin/shops/{fx.World.Shop.Id}/widget-secret")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        // Nothing half-written: the list is what it was.
        shops = (await _admin.Http.GetFromJsonAsync<List<ShopSettingsView>>("/api/admin/shops", Json.Options))!;
        Assert.Equal([BrandSite], shops.Single(s => s.ShopId == fx.World.Shop.Id).AllowedOrigins);
    }

    [Fact]
    public async Task A_visitor_who_signs_in_on_the_site_becomes_the_member_and_keeps_the_conversation()
    {
        var secret = await SecretAsync(fx.World.Shop);
        var member = "member-" + Guid.NewGuid().ToString("N")[..8];
        using var visitor = await fx.NewBuyerAsync();
        var before = await (await visitor.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "v-1", body = "登录前问一下" }))
            .Content.ReadFromJsonAsync<MessageView>(Json.Options);

        using var signedIn = await BuyerClient.StartAsync(fx.App, fx.World.Shop.WidgetKey, visitor.Token,
            new SignedIdentity(member, "王小明", SignedIdentity.Sign(secret, member)));
        Assert.True(signedIn.Session.Known);
        Assert.Equal("王小明", signedIn.Session.Name);
        var after = await (await signedIn.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "v-2", body = "登录后继续问" }))
            .Content.ReadFromJsonAsync<MessageView>(Json.Options);
        Assert.Equal(before!.ConversationId, after!.ConversationId);

        // The same member on another device: that visitor's chat joins the member's record.
        using var phone = await fx.NewBuyerAsync();
        var onPhone = await (await phone.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "p-1", body = "手机上问的" }))
            .Content.ReadFromJsonAsync<MessageView>(Json.Options);
        using var phoneSignedIn = await BuyerClient.StartAsync(fx.App, fx.World.Shop.WidgetKey, phone.Token,
            new SignedIdentity(member, "王小明", SignedIdentity.Sign(secret, member)));
        Assert.Equal(signedIn.Session.CustomerId, phoneSignedIn.Session.CustomerId);
        var owner = await InDbAsync(db => db.Conversations.Where(c => c.Id == onPhone!.ConversationId).Select(c => c.CustomerId).SingleAsync());
        Assert.Equal(signedIn.Session.CustomerId, owner);
        var known = await InDbAsync(db => db.Customers.SingleAsync(c => c.Id == signedIn.Session.CustomerId));
        Assert.Equal((CustomerKind.Known, "王小明"), (known.Kind, known.DisplayName));

        // Signed out (no identity on the page): the browser does not stay the member.
        using var signedOut = await BuyerClient.StartAsync(fx.App, fx.World.Shop.WidgetKey, signedIn.Token);
        Assert.False(signedOut.Session.Known);
        Assert.NotEqual(signedIn.Session.CustomerId, signedOut.Session.CustomerId);
        var thread = await signedOut.Http.GetFromJsonAsync<BuyerThread>("/api/widget/thread", Json.Options);
        Assert.Null(thread!.ConversationId);
    }

    [Fact]
    public async Task A_forged_or_stale_signature_is_refused()
    {
        var (http, _) = Clients.Http(fx.App);
        async Task Refused(object identity) =>
            await (await http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey = fx.World.Shop.WidgetKey, identity }, Json.Options))
                .AssertProblemAsync(HttpStatusCode.Unauthorized, "identity_invalid");

        var secret = await SecretAsync(fx.World.Shop);
        await Refused(new { userId = "vip-1", signature = SignedIdentity.Sign("not-the-secret", "vip-1") });
        await Refused(new { userId = "vip-1", signature = SignedIdentity.Sign(secret, "vip-2") });
        await Refused(new { userId = "vip-1", signature = "zz" });
        await Refused(new { userId = "", signature = SignedIdentity.Sign(secret, "") });
        await Refused(new { userId = "vip-1", signature = SignedIdentity.Sign(await SecretAsync(fx.World.OtherShop), "vip-1") });

        // After the secret is replaced, the old one signs nothing.
        var rotated = await _admin.Http.PostAsync($"/api/admin/shops/{fx.World.OtherShop.Id}/widget-secret", null);
        var fresh = (await rotated.Content.ReadFromJsonAsync<WidgetSecretView>(Json.Options))!.WidgetSecret;
        await (await http.PostAsJsonAsync("/api/widget/sessions", new
        {
            widgetKey = fx.World.OtherShop.WidgetKey, identity = new { userId = "jd-1", signature = SignedIdentity.Sign(secret, "jd-1") },
        }, Json.Options)).AssertProblemAsync(HttpStatusCode.Unauthorized, "identity_invalid");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/widget/sessions", new
        {
            widgetKey = fx.World.OtherShop.WidgetKey, identity = new { userId = "jd-1", signature = SignedIdentity.Sign(fresh, "jd-1") },
        }, Json.Options)).StatusCode);
        Assert.Equal(0, await InDbAsync(db => db.CustomerIdentities.CountAsync(i => i.Value.EndsWith(":vip-1"))));
    }

    [Fact]
    public async Task The_pre_chat_form_is_offered_until_the_buyer_fills_it_in()
    {
        Assert.Equal(HttpStatusCode.OK, (await _admin.Http.PutAsJsonAsync($"/api/admin/shops/{fx.World.OtherShop.Id}/settings",
            new { preChat = new { enabled = true, askName = true, askPhone = true, askEmail = false, required = true } }, Json.Options)).StatusCode);
        using var buyer = await fx.NewBuyerAsync(fx.World.OtherShop);
        Assert.Equal(new WidgetPreChat(true, true, true, false, true, Filled: false), buyer.Session.PreChat);

        await (await buyer.Http.PutAsJsonAsync("/api/widget/profile", new { name = "李女士", phone = "138-0013-80x0" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "profile_invalid");
        await (await buyer.Http.PutAsJsonAsync("/api/widget/profile", new { name = "李女士", email = "not-an-email" }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "profile_invalid");
        await (await buyer.Http.PutAsJsonAsync("/api/widget/profile", new { name = new string('长', 51) }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "profile_invalid");
        var saved = await buyer.Http.PutAsJsonAsync("/api/widget/profile", new { name = " 李女士 ", phone = "+86 138-0013-8000" }, Json.Options);
        Assert.Equal(new BuyerDetails("李女士", "13800138000", null), await saved.Content.ReadFromJsonAsync<BuyerDetails>(Json.Options));

        using var again = await BuyerClient.StartAsync(fx.App, fx.World.OtherShop.WidgetKey, buyer.Token);
        Assert.True(again.Session.PreChat.Filled);
        Assert.Equal("李女士", again.Session.Name);
    }
}

public sealed class WidgetEmbeddingTests_Sqlite(SqliteApp fx) : WidgetEmbeddingTests(fx), IClassFixture<SqliteApp>;

public sealed class WidgetEmbeddingTests_Postgres(PostgresApp fx) : WidgetEmbeddingTests(fx), IClassFixture<PostgresApp>;
