using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Admin;
using KefuDesk.Infrastructure.Hosting;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KefuDesk.Tests.Features.Identity;

/// <summary>Who may do what: sign-in, roles on pages, APIs and hubs, lockout.</summary>
public abstract class AuthorizationTests(AppFixture fx)
{
    [Theory]
    [InlineData("/workspace")]
    [InlineData("/admin")]
    [InlineData("/supervisor/board")]
    [InlineData("/")]
    public async Task Staff_pages_without_sign_in_redirect_to_the_sign_in_page(string page)
    {
        var (http, _) = Clients.Http(fx.App);

        var response = await http.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("ReturnUrl=", response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/conversations")]
    [InlineData("GET", "/api/auth/me")]
    [InlineData("GET", "/api/agents")]
    [InlineData("POST", "/api/agents")]
    [InlineData("POST", "/api/conversations/00000000-0000-0000-0000-000000000001/claim")]
    public async Task Staff_apis_without_sign_in_answer_401_problem(string method, string path)
    {
        var (http, _) = Clients.Http(fx.App);

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { }) : null,
        });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task The_agent_hub_refuses_a_connection_without_sign_in()
    {
        var connection = new HubConnectionBuilder().WithUrl(fx.App.Url("/hubs/agent")).Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_buyer_hub_refuses_a_missing_or_forged_token()
    {
        var missing = new HubConnectionBuilder().WithUrl(fx.App.Url("/hubs/buyer")).Build();
        var forged = new HubConnectionBuilder()
            .WithUrl(fx.App.Url("/hubs/buyer"), o => o.AccessTokenProvider = () => Task.FromResult<string?>("forged"))
            .Build();

        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => missing.StartAsync())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => forged.StartAsync())).StatusCode);
    }

    [Fact]
    public async Task A_buyer_token_does_not_open_staff_apis_and_a_staff_cookie_does_not_open_buyer_apis()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        await (await buyer.Http.GetAsync("/api/conversations")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await agent.Http.GetAsync("/api/widget/thread")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task An_agent_may_not_read_or_change_the_team()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        await (await agent.Http.GetAsync("/api/agents")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await agent.Http.PostAsJsonAsync("/api/agents", NewAgent("sneaky"))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_supervisor_reads_the_team_but_only_an_admin_adds_to_it()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        await using var admin = await fx.SignInAsync(fx.World.Admin);

        var team = (await supervisor.Http.GetFromJsonAsync<List<AgentRow>>("/api/agents", Json.Options))!;
        Assert.Contains(team, a => a.UserName == "agent1" && a.Role == "Agent");
        await (await supervisor.Http.PostAsJsonAsync("/api/agents", NewAgent("by-supervisor"))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var created = await admin.Http.PostAsJsonAsync("/api/agents", NewAgent("new-agent-" + fx.Provider));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await (await admin.Http.PostAsJsonAsync("/api/agents", NewAgent("new-agent-" + fx.Provider)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "user_name_taken");
        await (await admin.Http.PostAsJsonAsync("/api/agents", NewAgent("weak-" + fx.Provider) with { Password = "short" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "password_weak");
        await (await admin.Http.PostAsJsonAsync("/api/agents", NewAgent("bad-role-" + fx.Provider) with { Role = "Owner" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "agent_invalid");
        await (await admin.Http.PostAsJsonAsync("/api/agents", NewAgent("bad-shop-" + fx.Provider) with { ShopIds = [Guid.NewGuid()] }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "shop_invalid");
    }

    [Fact]
    public async Task A_new_agent_can_sign_in_and_serves_only_their_shops()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var request = NewAgent("fresh-" + fx.Provider);
        Assert.Equal(HttpStatusCode.Created, (await admin.Http.PostAsJsonAsync("/api/agents", request)).StatusCode);

        await using var fresh = await fx.SignInAsync(new TestStaff(Guid.Empty, request.UserName!, request.Password!, request.Nickname!));

        Assert.Equal([fx.World.Shop.Id], fresh.Me.ShopIds);
        Assert.Equal(["Agent"], fresh.Me.Roles);
    }

    [Fact]
    public async Task An_agent_is_refused_the_admin_page_with_403()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        var page = await agent.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/access-denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var denied = await agent.Http.GetAsync(page.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("没有权限", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_opens_the_admin_page_and_sees_the_embed_code()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);

        var page = await admin.Http.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"data-shop-key=&quot;{fx.World.Shop.WidgetKey}&quot;", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_passwords_are_refused_and_more_than_the_account_allows_lock_it()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var victim = NewAgent("locky-" + fx.Provider);
        Assert.Equal(HttpStatusCode.Created, (await admin.Http.PostAsJsonAsync("/api/agents", victim)).StatusCode);
        var (http, _) = Clients.Http(fx.App);
        var allowed = fx.App.Services.GetRequiredService<IOptions<KefuDeskOptions>>().Value.Limits.SignInPerAccount.Burst;

        // This node lets one address try freely (the fixture lifts the limit per address), so only the account's own limit is met.
        for (var i = 0; i <= allowed; i++)
        {
            var wrong = await http.PostAsJsonAsync("/api/auth/sign-in", new { userName = victim.UserName, password = "Wrong#Pass1" });
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
        }

        var right = await http.PostAsJsonAsync("/api/auth/sign-in", new { userName = victim.UserName, password = victim.Password });
        await right.AssertProblemAsync(HttpStatusCode.Locked, "sign_in_locked_out");
        Assert.True(int.Parse(right.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Unknown_users_get_the_same_answer_as_wrong_passwords()
    {
        var (http, _) = Clients.Http(fx.App);

        await (await http.PostAsJsonAsync("/api/auth/sign-in", new { userName = "nobody", password = "Whatever#1" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
        await (await http.PostAsJsonAsync("/api/auth/sign-in", new { userName = "", password = "" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync("/api/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await agent.Http.PostAsync("/api/auth/sign-out", null)).StatusCode);

        await (await agent.Http.GetAsync("/api/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task The_sign_out_form_needs_its_antiforgery_token()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        var forged = await agent.Http.PostAsync("/account/sign-out", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.Http.GetAsync("/api/auth/me")).StatusCode);
    }

    private CreateAgentRequest NewAgent(string userName) =>
        new(userName, "新客服", "新新", "New#Agent2026", "Agent", [fx.World.Shop.Id]);
}

public sealed class AuthorizationTests_Sqlite(SqliteApp fx) : AuthorizationTests(fx), IClassFixture<SqliteApp>;

public sealed class AuthorizationTests_Postgres(PostgresApp fx) : AuthorizationTests(fx), IClassFixture<PostgresApp>;
