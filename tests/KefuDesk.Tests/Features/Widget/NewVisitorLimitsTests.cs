using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Features.Identity;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Widget;

/// <summary>
/// A script making up visitors to fill a shop's queue: new widget sessions are limited per address
/// and per shop (low settings, <see cref="LimitSettings"/>), with 429 and how long to wait; a
/// returning visitor with a token is never held up.
/// </summary>
public abstract class NewVisitorLimitsTests(AppFixture fx)
{
    [Fact]
    public async Task New_visitors_from_one_address_beyond_its_limit_get_429_with_Retry_After_and_start_nothing()
    {
        LimitSettings.FreshStart(fx);
        var (http, _) = Clients.From(fx.App, "127.0.30.1");
        var tokens = new List<string>();
        for (var i = 0; i < LimitSettings.NewVisitorsPerAddress; i++)
        {
            tokens.Add(await StartedAsync(await StartAsync(http, fx.World.Shop.WidgetKey)));
        }

        var before = await ConversationsAsync();
        var refused = await StartAsync(http, fx.World.Shop.WidgetKey);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_visitors");
        var wait = SignInLimitsTests.RetryAfterOf(refused);
        Assert.InRange(wait, 1, 60);
        Assert.Equal(wait, problem.GetProperty("retryAfter").GetInt32());
        Assert.DoesNotContain("visitorToken", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Each visitor let in asks once: that many conversations, and none for the one refused.
        for (var i = 0; i < tokens.Count; i++)
        {
            await AskAsync(tokens[i], $"127.0.30.{10 + i}"); // each from its own address: first messages have their own limit
        }

        Assert.Equal(before + LimitSettings.NewVisitorsPerAddress, await ConversationsAsync());

        // A visitor who already has a token comes back freely; another address starts its own visitors.
        await StartedAsync(await StartAsync(http, fx.World.Shop.WidgetKey, tokens[0]));
        var (neighbour, _) = Clients.From(fx.App, "127.0.30.2");
        await StartedAsync(await StartAsync(neighbour, fx.World.Shop.WidgetKey));

        fx.Clock!.Advance(TimeSpan.FromSeconds(wait));
        await StartedAsync(await StartAsync(http, fx.World.Shop.WidgetKey));
    }

    [Fact]
    public async Task New_visitors_to_one_shop_beyond_its_limit_are_refused_from_any_address_and_other_shops_are_not()
    {
        LimitSettings.FreshStart(fx);
        var started = 0;
        for (var address = 1; started < LimitSettings.NewVisitorsPerShop; address++)
        {
            var (http, _) = Clients.From(fx.App, $"127.0.31.{address}");
            for (var i = 0; i < LimitSettings.NewVisitorsPerAddress - 1 && started < LimitSettings.NewVisitorsPerShop; i++, started++)
            {
                await StartedAsync(await StartAsync(http, fx.World.Shop.WidgetKey));
            }
        }

        var (fresh, _) = Clients.From(fx.App, "127.0.31.200");
        var refused = await StartAsync(fresh, fx.World.Shop.WidgetKey);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_visitors");
        Assert.InRange(SignInLimitsTests.RetryAfterOf(refused), 1, 60);
        await StartedAsync(await StartAsync(fresh, fx.World.OtherShop.WidgetKey));
    }

    private static Task<HttpResponseMessage> StartAsync(HttpClient http, string widgetKey, string? visitorToken = null) =>
        http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey, visitorToken }, Json.Options);

    private static async Task<string> StartedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WidgetSession>(Json.Options))!.VisitorToken;
    }

    private async Task AskAsync(string visitorToken, string address)
    {
        var (http, _) = Clients.From(fx.App, address);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", visitorToken);
        var sent = await http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString("N"), body = "在吗？" }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
    }

    private async Task<int> ConversationsAsync()
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        return await db.Conversations.CountAsync(c => c.ShopId == fx.World.Shop.Id);
    }
}

public sealed class NewVisitorLimitsTests_Sqlite(LimitedSqliteApp fx) : NewVisitorLimitsTests(fx), IClassFixture<LimitedSqliteApp>;

public sealed class NewVisitorLimitsTests_Postgres(LimitedPostgresApp fx) : NewVisitorLimitsTests(fx), IClassFixture<LimitedPostgresApp>;
