using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Tests.Features.Identity;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Widget;

/// <summary>
/// Visitors made elsewhere (or long ago) and used from one address to fill the queue: a message that
/// starts a conversation is limited per sending address and per shop (low settings,
/// <see cref="LimitSettings"/>), refused with 429 too_many_conversations and how long to wait, with
/// nothing stored; a buyer already chatting is never counted.
/// </summary>
public abstract class FirstMessageLimitsTests(AppFixture fx)
{
    [Fact]
    public async Task First_messages_from_one_address_beyond_its_limit_are_refused_and_store_nothing()
    {
        LimitSettings.FreshStart(fx);
        var tokens = await VisitorsAsync(fx.World.Shop.WidgetKey, "127.0.32", LimitSettings.NewConversationsPerAddress + 1);
        var (sender, _) = Clients.From(fx.App, "127.0.32.1");
        for (var i = 0; i < LimitSettings.NewConversationsPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(sender, tokens[i], "在吗？")).StatusCode);
        }

        var before = await ConversationsAsync(fx.World.Shop.Id);
        var messages = await MessagesAsync();
        var refused = await SendAsync(sender, tokens[^1], "在吗？");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_conversations");
        var wait = SignInLimitsTests.RetryAfterOf(refused);
        Assert.InRange(wait, 1, 30);
        Assert.Equal(wait, problem.GetProperty("retryAfter").GetInt32());
        Assert.Equal(before, await ConversationsAsync(fx.World.Shop.Id));
        Assert.Equal(messages, await MessagesAsync());

        // Buyers already chatting are not held up, from this address or any other.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(sender, tokens[0], $"还有一个问题{i}")).StatusCode);
        }

        // Another address starts its own; this one again once the wait is over.
        var (neighbour, _) = Clients.From(fx.App, "127.0.32.2");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(neighbour, tokens[^1], "在吗？")).StatusCode);
        var later = (await VisitorsAsync(fx.World.Shop.WidgetKey, "127.0.32", 1, first: 50))[0];
        await (await SendAsync(sender, later, "在吗？")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_conversations");
        fx.Clock!.Advance(TimeSpan.FromSeconds(wait));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(sender, later, "在吗？")).StatusCode);
    }

    [Fact]
    public async Task First_messages_to_one_shop_beyond_its_limit_are_refused_from_any_address_and_other_shops_are_not()
    {
        LimitSettings.FreshStart(fx);
        var tokens = await VisitorsAsync(fx.World.Shop.WidgetKey, "127.0.33", LimitSettings.NewConversationsPerShop + 1);
        for (var i = 0; i < LimitSettings.NewConversationsPerShop; i++)
        {
            var (http, _) = Clients.From(fx.App, $"127.0.33.{100 + i}");
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, tokens[i], "在吗？")).StatusCode);
        }

        var before = await ConversationsAsync(fx.World.Shop.Id);
        var (fresh, _) = Clients.From(fx.App, "127.0.33.200");
        var refused = await SendAsync(fresh, tokens[^1], "在吗？");
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_conversations");
        Assert.InRange(SignInLimitsTests.RetryAfterOf(refused), 1, 60);
        Assert.Equal(before, await ConversationsAsync(fx.World.Shop.Id));

        // The shop's refusal did not spend the address's: it can still start a chat with another shop.
        var other = (await VisitorsAsync(fx.World.OtherShop.WidgetKey, "127.0.33", 1, first: 60))[0];
        var otherBefore = await ConversationsAsync(fx.World.OtherShop.Id);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(fresh, other, "在吗？")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(fresh, (await VisitorsAsync(fx.World.OtherShop.WidgetKey, "127.0.33", 1, first: 61))[0], "在吗？")).StatusCode);
        Assert.Equal(otherBefore + 2, await ConversationsAsync(fx.World.OtherShop.Id));
    }

    [Fact]
    public async Task The_hub_refuses_a_first_message_beyond_the_limit_with_the_wait_and_lets_a_chatting_buyer_go_on()
    {
        LimitSettings.FreshStart(fx);
        var tokens = await VisitorsAsync(fx.World.Shop.WidgetKey, "127.0.34", LimitSettings.NewConversationsPerAddress + 1);
        var hubs = new List<HubConnection>();
        try
        {
            foreach (var token in tokens)
            {
                var hub = new HubConnectionBuilder()
                    .WithUrl(fx.App.Url("/hubs/buyer"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                    .AddJsonProtocol(o => Json.Configure(o.PayloadSerializerOptions))
                    .Build();
                await hub.StartReadyAsync();
                hubs.Add(hub);
            }

            for (var i = 0; i < LimitSettings.NewConversationsPerAddress; i++)
            {
                await hubs[i].InvokeAsync<MessageView>("SendMessage", new { clientMessageId = $"h-{i}", body = "在吗？" });
            }

            var before = await ConversationsAsync(fx.World.Shop.Id);
            var thrown = await Assert.ThrowsAsync<HubException>(() => hubs[^1].InvokeAsync<MessageView>("SendMessage", new { clientMessageId = "h-x", body = "在吗？" }));
            var refusal = HubRefusal.Parse(thrown.Message);
            Assert.Equal("too_many_conversations", refusal?.Code);
            Assert.InRange(refusal?.RetryAfter ?? 0, 1, 30);
            Assert.Equal(before, await ConversationsAsync(fx.World.Shop.Id));

            var again = await hubs[0].InvokeAsync<MessageView>("SendMessage", new { clientMessageId = "h-0b", body = "还有一个问题" });
            Assert.Equal("还有一个问题", again.Body);
        }
        finally
        {
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }
        }
    }

    /// <summary>New visitors, each from its own address (so the new-visitor limit does not interfere).</summary>
    private async Task<List<string>> VisitorsAsync(string widgetKey, string network, int count, int first = 10)
    {
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (http, _) = Clients.From(fx.App, $"{network}.{first + i}");
            var response = await http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey }, Json.Options);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            tokens.Add((await response.Content.ReadFromJsonAsync<WidgetSession>(Json.Options))!.VisitorToken);
        }

        return tokens;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string visitorToken, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/widget/messages")
        {
            Content = JsonContent.Create(new { clientMessageId = Guid.NewGuid().ToString("N"), body }, options: Json.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", visitorToken);
        return http.SendAsync(request);
    }

    private async Task<int> ConversationsAsync(Guid shopId)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        return await db.Conversations.CountAsync(c => c.ShopId == shopId);
    }

    private async Task<int> MessagesAsync()
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>().Messages.CountAsync();
    }
}

public sealed class FirstMessageLimitsTests_Sqlite(LimitedSqliteApp fx) : FirstMessageLimitsTests(fx), IClassFixture<LimitedSqliteApp>;

public sealed class FirstMessageLimitsTests_Postgres(LimitedPostgresApp fx) : FirstMessageLimitsTests(fx), IClassFixture<LimitedPostgresApp>;
