using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using KefuDesk.Features.Channels.ImBridge;
using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Features.Channels;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Identity;

/// <summary>
/// Another site's page in a staff member's browser, which sends the sign-in cookie along: the agent
/// hub, the Blazor circuit and every change answer only this site's pages and listed sites, and
/// refused changes change nothing. Through an https proxy the cookie is Secure.
/// </summary>
public abstract class CrossSiteTests(AppFixture fx)
{
    private const string Foreign = "https://evil.example";
    private const string Listed = "https://kefu.example.cn";
    private const string Public = "https://kefu.example.com";

    /// <summary>What a browser on one of this node's own pages sends as Origin.</summary>
    private string Own => fx.App.BaseAddress.GetLeftPart(UriPartial.Authority);

    private static HttpRequestMessage From(HttpMethod method, string path, string? origin, object? body = null, string? referer = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json.Options) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (referer is not null)
        {
            request.Headers.Add("Referer", referer);
        }

        return request;
    }

    private HubConnection AgentHub(StaffClient staff, string origin, bool socketOnly = false) =>
        new HubConnectionBuilder()
            .WithUrl(fx.App.Url("/hubs/agent"), o =>
            {
                o.Cookies = staff.Cookies;
                o.Headers["Origin"] = origin;
                if (socketOnly)
                {
                    o.SkipNegotiation = true;
                    o.Transports = HttpTransportType.WebSockets;
                }
            })
            .AddJsonProtocol(o => Json.Configure(o.PayloadSerializerOptions))
            .Build();

    /// <summary>A WebSocket handshake as a browser page makes it: with the cookie and the page's origin.</summary>
    private async Task<HttpStatusCode> HandshakeAsync(StaffClient staff, string path, string origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = staff.Cookies;
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(new UriBuilder(fx.App.Url(path)) { Scheme = "ws" }.Uri, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // refused: the status says why
        }

        return socket.HttpStatusCode;
    }

    private async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> read)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    private async Task<MessageView> BuyerOpensAsync(string text)
    {
        using var buyer = await fx.NewBuyerAsync();
        var response = await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString(), body = text });
        return (await response.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
    }

    [Fact]
    public async Task The_agent_hub_refuses_a_foreign_page_at_negotiate_and_at_the_websocket_handshake()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        var negotiate = await agent.Http.SendAsync(From(HttpMethod.Post, "/hubs/agent/negotiate?negotiateVersion=1", Foreign));
        var problem = await negotiate.AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        Assert.Equal(Foreign, problem.GetProperty("detail").GetString());

        await using var negotiated = AgentHub(agent, Foreign);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => negotiated.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, await HandshakeAsync(agent, "/hubs/agent", Foreign));
        Assert.Equal(HttpStatusCode.Forbidden, await HandshakeAsync(agent, "/hubs/agent", "null"));
    }

    [Fact]
    public async Task The_agent_hub_answers_pages_of_this_site_of_its_public_address_and_of_listed_sites()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        foreach (var (origin, socketOnly) in new[] { (Own, false), (Own, true), (Listed, false), (Public, true) })
        {
            await using var hub = AgentHub(agent, origin, socketOnly);
            await hub.StartReadyAsync(); // Hello answers
            Assert.Equal(HubConnectionState.Connected, hub.State);
        }

        Assert.Equal(HttpStatusCode.SwitchingProtocols, await HandshakeAsync(agent, "/hubs/agent", Own));
    }

    [Fact]
    public async Task The_blazor_circuit_refuses_a_foreign_page_and_answers_its_own()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        await (await agent.Http.SendAsync(From(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", Foreign)))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        Assert.Equal(HttpStatusCode.Forbidden, await HandshakeAsync(agent, "/_blazor", Foreign));

        Assert.Equal(HttpStatusCode.OK, (await agent.Http.SendAsync(From(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", Own))).StatusCode);
    }

    [Fact]
    public async Task A_change_from_a_foreign_page_is_refused_and_changes_nothing()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var shop = fx.World.OtherShop.Id;
        var originsBefore = await InDbAsync(db => db.Shops.Where(s => s.Id == shop).Select(s => s.AllowedOrigins).SingleAsync());
        HttpRequestMessage Allow(string? origin, string? referer = null) =>
            From(HttpMethod.Put, $"/api/admin/shops/{shop}/settings", origin, new { allowedOrigins = new[] { "https://attacker.example" } }, referer);

        await (await admin.Http.SendAsync(Allow(Foreign))).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        // A sandboxed frame or a no-referrer page says "null"; without Origin, the Referer tells.
        await (await admin.Http.SendAsync(Allow("null"))).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        await (await admin.Http.SendAsync(Allow(null, referer: Foreign + "/prize.html"))).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        // Another port of this very host is another site too.
        await (await admin.Http.SendAsync(Allow($"http://127.0.0.1:{fx.App.BaseAddress.Port + 1}"))).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        var hidden = Allow(null);
        hidden.Headers.Add("Sec-Fetch-Site", "cross-site");
        await (await admin.Http.SendAsync(hidden)).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        Assert.Equal(originsBefore, await InDbAsync(db => db.Shops.Where(s => s.Id == shop).Select(s => s.AllowedOrigins).SingleAsync()));

        // An agent's claim from a foreign page: the conversation still waits for someone.
        var opening = await BuyerOpensAsync("跨站点测试:有人在吗?");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await (await agent.Http.SendAsync(From(HttpMethod.Post, $"/api/conversations/{opening.ConversationId}/claim", Foreign)))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        await (await agent.Http.SendAsync(From(HttpMethod.Post, $"/api/conversations/{opening.ConversationId}/notes", Foreign,
            new { clientMessageId = "cross-note", body = "不该出现" }))).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        var conversation = await InDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == opening.ConversationId));
        Assert.Equal((ConversationStatus.New, (Guid?)null), (conversation.Status, conversation.AssigneeId));
        Assert.Equal(1, await InDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == opening.ConversationId)));

        // Signing out from a foreign page leaves the session; signing in from one sets no cookie.
        await (await agent.Http.SendAsync(From(HttpMethod.Post, "/api/auth/sign-out", Foreign))).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync("/api/auth/me")).StatusCode);
        var (stranger, jar) = Clients.Http(fx.App);
        var signIn = await stranger.SendAsync(From(HttpMethod.Post, "/api/auth/sign-in", Foreign,
            new { userName = fx.World.Agent2.UserName, password = fx.World.Agent2.Password }));
        await signIn.AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");
        Assert.Empty(jar.GetAllCookies());
    }

    [Fact]
    public async Task The_same_change_from_this_site_a_listed_site_or_a_program_goes_through()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var shop = fx.World.Shop.Id;
        async Task AllowAsync(string? origin, string site, string? referer = null)
        {
            var response = await admin.Http.SendAsync(From(HttpMethod.Put, $"/api/admin/shops/{shop}/settings", origin,
                new { allowedOrigins = new[] { site } }, referer));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(site, await InDbAsync(db => db.Shops.Where(s => s.Id == shop).Select(s => s.AllowedOrigins).SingleAsync()));
        }

        await AllowAsync(Own, "https://one.example.com");
        await AllowAsync(Listed, "https://two.example.com");
        await AllowAsync(null, "https://three.example.com", referer: Own + "/admin/shops");
        await AllowAsync(null, "https://four.example.com"); // curl, a script: no browser, no page to forge from
    }

    [Fact]
    public async Task A_signed_webhook_is_taken_whatever_origin_it_names()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var channel = await ImChannel.ConnectAsync(fx, admin, new Uri("http://127.0.0.1:9/bridge"));
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { messageId = "cross-1", user = new { id = "tb_cross" }, text = "从桥接来的" }, Json.Options);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/channels/im/{channel.Id}/messages") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("Origin", Foreign);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(ImChannel.Secret, timestamp, body));

        var response = await Clients.Http(fx.App).Http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Equal(1, await InDbAsync(db => db.Messages.CountAsync(m => m.Body == "从桥接来的")));
    }

    [Fact]
    public async Task Through_an_https_proxy_the_staff_cookie_is_secure_and_the_site_is_the_https_one()
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = fx.App.BaseAddress };
        var host = fx.App.BaseAddress.Authority;
        HttpRequestMessage SignIn(string origin, bool proxied)
        {
            var request = From(HttpMethod.Post, "/api/auth/sign-in", origin, new { userName = fx.World.Agent.UserName, password = fx.World.Agent.Password });
            if (proxied)
            {
                request.Headers.Add("X-Forwarded-Proto", "https"); // the proxy on loopback ended TLS
            }

            return request;
        }

        static string StaffCookie(HttpResponseMessage response) =>
            Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("kefudesk.staff=", StringComparison.Ordinal));
        static bool IsSecure(string cookie) => cookie.Split(';').Any(p => p.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

        var viaProxy = await http.SendAsync(SignIn($"https://{host}", proxied: true));
        Assert.Equal(HttpStatusCode.OK, viaProxy.StatusCode);
        Assert.True(IsSecure(StaffCookie(viaProxy)));

        // Behind that proxy the page is https: a plain-http page of the same host is another site.
        await (await http.SendAsync(SignIn($"http://{host}", proxied: true))).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_refused");

        // Straight to the node over plain http (a first look on the LAN): not Secure, or the browser would drop it.
        var direct = await http.SendAsync(SignIn($"http://{host}", proxied: false));
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.False(IsSecure(StaffCookie(direct)));
    }
}

/// <summary>A node with a second address on the staff allow list (written as an admin might) and a public address.</summary>
public static class CrossSiteSettings
{
    public static readonly IReadOnlyDictionary<string, string?> Listed = new Dictionary<string, string?>
    {
        ["KefuDesk:Security:AllowedOrigins:0"] = "https://KEFU.example.cn/",
        ["KefuDesk:PublicUrl"] = "https://kefu.example.com",
    };
}

public sealed class CrossSiteSqliteApp() : AppFixture(DatabaseProvider.Sqlite, settings: CrossSiteSettings.Listed);

public sealed class CrossSitePostgresApp() : AppFixture(DatabaseProvider.Postgres, settings: CrossSiteSettings.Listed);

public sealed class CrossSiteTests_Sqlite(CrossSiteSqliteApp fx) : CrossSiteTests(fx), IClassFixture<CrossSiteSqliteApp>;

public sealed class CrossSiteTests_Postgres(CrossSitePostgresApp fx) : CrossSiteTests(fx), IClassFixture<CrossSitePostgresApp>;
