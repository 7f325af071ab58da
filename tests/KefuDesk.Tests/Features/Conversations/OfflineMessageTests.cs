using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>
/// 留言: what buyers leave while nobody of the shop is online, from any channel, is listed for the
/// agents until one answers; with someone online it is an ordinary conversation.
/// </summary>
public abstract class OfflineMessageTests(AppFixture fx)
{
    [Fact]
    public async Task With_nobody_online_a_buyer_message_waits_in_the_offline_list_until_an_agent_answers()
    {
        // Nobody connects a workspace or hub for the other shop in this class.
        using var buyer = await fx.NewBuyerAsync(fx.World.OtherShop);
        Assert.False(buyer.Session.Staffed);
        var left = await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "night-1", body = "晚上留个言:明天能发货吗?" }))
            .Content.ReadFromJsonAsync<MessageView>(Json.Options);

        await using var agent = await fx.SignInAsync(fx.World.OtherShopAgent);
        var offline = (await agent.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=offline", Json.Options))!;
        var item = Assert.Single(offline.Items, c => c.Id == left!.ConversationId);
        Assert.True(item.LeftOffline);
        var counts = (await agent.Http.GetFromJsonAsync<ConversationCounts>("/api/conversations/counts", Json.Options))!;
        Assert.True(counts.Offline >= 1);

        Assert.Equal(HttpStatusCode.OK, (await agent.Http.PostAsJsonAsync($"/api/conversations/{left!.ConversationId}/messages",
            new { clientMessageId = Guid.NewGuid().ToString(), body = "亲,明天上午发出" }, Json.Options)).StatusCode);
        offline = (await agent.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=offline", Json.Options))!;
        Assert.DoesNotContain(offline.Items, c => c.Id == left.ConversationId);

        // The buyer finds the answer in the widget when they come back.
        var thread = (await buyer.Http.GetFromJsonAsync<KefuDesk.Features.Conversations.Realtime.BuyerThread>("/api/widget/thread", Json.Options))!;
        Assert.Equal("亲,明天上午发出", thread.Messages[^1].Body);
    }

    [Fact]
    public async Task With_an_agent_online_the_buyer_is_told_so_and_nothing_is_left_offline()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var hub = agent.AgentHub();
        await hub.StartReadyAsync();

        using var buyer = await fx.NewBuyerAsync();
        Assert.True(buyer.Session.Staffed);
        var sent = await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "day-1", body = "在吗" }))
            .Content.ReadFromJsonAsync<MessageView>(Json.Options);
        var summary = (await agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{sent!.ConversationId}", Json.Options))!;
        Assert.False(summary.LeftOffline);
    }
}

public sealed class OfflineMessageTests_Sqlite(SqliteApp fx) : OfflineMessageTests(fx), IClassFixture<SqliteApp>;

public sealed class OfflineMessageTests_Postgres(PostgresApp fx) : OfflineMessageTests(fx), IClassFixture<PostgresApp>;
