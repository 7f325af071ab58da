using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Routing;
using KefuDesk.Features.Routing.Admin;
using KefuDesk.Features.Routing.Dispatch;
using KefuDesk.Features.Routing.Groups;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuDesk.Tests.Features.Routing;

/// <summary>What the widget asks while the buyer waits: their place in the queue, and the shop's question menu.</summary>
public abstract class QueuePlacesTests(AppFixture fx) : IDisposable
{
    private readonly RoutingScenario _s = new(fx);

    public void Dispose() => _s.Dispose();

    private async Task<GroupView> AddGroupAsync(Guid shopId, string name, bool isDefault, params TestStaff[] members)
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var response = await admin.Http.PostAsJsonAsync($"/api/admin/routing/shops/{shopId}/groups",
            new GroupInput(name, null, new GroupSettings(), [.. members.Select(m => new MemberInput(m.Id, 1))], isDefault), Json.Options);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<GroupView>(Json.Options))!;
    }

    private async Task<BuyerQueuePlace?> PlaceAsync(BuyerClient buyer)
    {
        var response = await buyer.Http.GetAsync("/api/widget/queue");
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<BuyerQueuePlace>(Json.Options);
    }

    private static async Task<Guid> WriteAsync(BuyerClient buyer, string text)
    {
        var response = await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString("N"), body = text });
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<MessageView>(Json.Options))!.ConversationId;
    }

    [Fact]
    public async Task A_waiting_buyer_reads_the_place_the_router_pushes_and_nothing_once_an_agent_has_them()
    {
        var (shop, key) = await _s.NewShopAsync();
        var agent = await _s.NewAgentAsync(shop, "甲");
        await AddGroupAsync(shop, "售前", isDefault: true, agent);
        await using (var supervisor = await fx.SignInAsync(fx.World.Supervisor))
        {
            (await supervisor.Http.PutAsJsonAsync($"/api/routing/agents/{agent.Id}/seat", new SeatInput(1), Json.Options)).EnsureSuccessStatusCode();
        }

        await _s.OnlineAsync(agent);
        using var first = await BuyerClient.StartAsync(_s.App, key);
        var served = await WriteAsync(first, "在吗");
        await _s.PassAsync();
        Assert.Null(await PlaceAsync(first));

        // Two buyers write at the very same moment: the router's id order decides, and the widget's answer agrees.
        using var second = await BuyerClient.StartAsync(_s.App, key);
        using var third = await BuyerClient.StartAsync(_s.App, key);
        var buyers = new[] { second, third };
        await using var secondHub = second.Hub();
        await using var thirdHub = third.Hub();
        var hubs = new[] { secondHub, thirdHub };
        var pushed = hubs.Select(h => new Inbox<QueuePlace>(h, HubEvents.QueuePlace)).ToArray();
        var assigned = hubs.Select(h => new Inbox<BuyerAssignmentNotice>(h, HubEvents.ConversationAssigned)).ToArray();
        foreach (var hub in hubs)
        {
            await hub.StartReadyAsync();
        }

        var ids = new[] { await WriteAsync(second, "有现货吗"), await WriteAsync(third, "能便宜点吗") };
        await _s.PassAsync();

        var told = new[] { await pushed[0].NextAsync(), await pushed[1].NextAsync() };
        var asked = new[] { (await PlaceAsync(second))!, (await PlaceAsync(third))! };
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(ids[i], told[i].ConversationId);
            Assert.Equal((told[i].ConversationId, told[i].Position, told[i].EstimatedWaitSeconds),
                (asked[i].ConversationId, asked[i].Position, asked[i].EstimatedWaitSeconds));
        }

        Assert.Equal([1, 2], asked.Select(p => p.Position).Order());

        // One buyer was given to an agent in the last half hour: at that pace each place is half an hour.
        Assert.All(asked, p => Assert.Equal(p.Position * 1800, p.EstimatedWaitSeconds));

        // The agent ends the first conversation: the next buyer hears an agent has them, the other moves up.
        var next = asked[0].Position == 1 ? 0 : 1;
        var other = 1 - next;
        await using (var staff = await fx.SignInAsync(agent))
        {
            (await staff.Http.PostAsJsonAsync($"/api/conversations/{served}/resolve", new ResolveBody(fx.World.CategoryId, "已解答", null)))
                .EnsureSuccessStatusCode();
        }

        await _s.PassAsync();
        Assert.Equal(ids[next], (await assigned[next].NextAsync()).ConversationId);
        Assert.Null(await PlaceAsync(buyers[next]));
        Assert.Equal(1, (await PlaceAsync(buyers[other]))!.Position);
        Assert.Equal(ids[other], (await pushed[other].NextAsync(p => p.Position == 1)).ConversationId);
    }

    [Fact]
    public async Task A_buyer_who_leaves_a_message_because_nobody_is_online_is_not_in_a_queue()
    {
        var (_, key) = await _s.NewShopAsync();
        using var buyer = await BuyerClient.StartAsync(_s.App, key);
        var id = await WriteAsync(buyer, "有人吗");

        Assert.True((await _s.ConversationAsync(id)).LeftOffline);
        Assert.Null(await PlaceAsync(buyer));
        var (anonymous, _) = Clients.Http(_s.App);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/widget/queue")).StatusCode);
    }

    [Fact]
    public async Task The_session_lists_the_shops_question_rules_in_order_as_the_question_menu()
    {
        var (shop, key) = await _s.NewShopAsync();
        var agent = await _s.NewAgentAsync(shop, "甲");
        var pre = await AddGroupAsync(shop, "售前", isDefault: true, agent);
        var after = await AddGroupAsync(shop, "售后", isDefault: false, agent);
        using (var before = await BuyerClient.StartAsync(_s.App, key))
        {
            Assert.Empty(before.Session.Questions);
        }

        await using (var admin = await fx.SignInAsync(fx.World.Admin))
        {
            (await admin.Http.PutAsJsonAsync($"/api/admin/routing/shops/{shop}/rules", new[]
            {
                new EntryRuleInput(EntryCondition.Question, "商品咨询", pre.Id),
                new EntryRuleInput(EntryCondition.Keyword, "退货", after.Id),
                new EntryRuleInput(EntryCondition.Question, "售后问题", after.Id),
            }, Json.Options)).EnsureSuccessStatusCode();
        }

        using var buyer = await BuyerClient.StartAsync(_s.App, key);
        Assert.Equal(["商品咨询", "售后问题"], buyer.Session.Questions);

        // Picking one starts the conversation in that question's group.
        var sent = await buyer.Http.PostAsJsonAsync("/api/widget/messages",
            new { clientMessageId = "q1", body = "售后问题", entry = new { question = "售后问题", point = "footer", page = "https://shop.example/item/1" } });
        var conversation = await _s.ConversationAsync((await sent.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<MessageView>(Json.Options))!.ConversationId);
        Assert.Equal((after.Id, "售后问题", "footer"), (conversation.SkillGroupId!.Value, conversation.Question, conversation.EntryPoint));
    }
}

public sealed class QueuePlacesTests_Sqlite(RoutingSqliteApp fx) : QueuePlacesTests(fx), IClassFixture<RoutingSqliteApp>;

public sealed class QueuePlacesTests_Postgres(RoutingPostgresApp fx) : QueuePlacesTests(fx), IClassFixture<RoutingPostgresApp>;
