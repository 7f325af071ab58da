using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using Microsoft.Extensions.DependencyInjection;
using KefuDesk.Features.Routing;
using KefuDesk.Features.Routing.Admin;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Features.Routing.Groups;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Tests.Features.Routing;

/// <summary>Automatic distribution: strategies, limits, the queue, entry rules, timeouts and automatic messages.</summary>
public abstract class RoutingTests(AppFixture fx) : IDisposable
{
    private readonly RoutingScenario _s = new(fx);

    public void Dispose() => _s.Dispose();

    private async Task<GroupView> AddGroupAsync(Guid shopId, string name, GroupSettings settings, bool isDefault, params (TestStaff Agent, int Priority)[] members)
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var response = await admin.Http.PostAsJsonAsync($"/api/admin/routing/shops/{shopId}/groups",
            new GroupInput(name, null, settings, [.. members.Select(m => new MemberInput(m.Agent.Id, m.Priority))], isDefault), Json.Options);
        return (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<GroupView>(Json.Options))!;
    }

    private async Task LimitAsync(TestStaff agent, int limit, int weight = 1)
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        (await supervisor.Http.PutAsJsonAsync($"/api/routing/agents/{agent.Id}/seat", new SeatInput(limit, weight), Json.Options)).EnsureSuccessStatusCode();
    }

    private async Task<Dictionary<Guid, int>> LoadsAsync(params TestStaff[] agents)
    {
        var ids = agents.Select(a => a.Id).ToList();
        var loads = await _s.InDbAsync(db => db.Conversations.Where(c => c.AssigneeId != null && ids.Contains(c.AssigneeId.Value)
                && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending))
            .GroupBy(c => c.AssigneeId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        return ids.ToDictionary(id => id, id => loads.GetValueOrDefault(id));
    }

    [Fact]
    public async Task Balanced_distribution_never_passes_a_limit_and_the_queue_drains_first_come_first_served()
    {
        var (shop, key) = await _s.NewShopAsync();
        var a = await _s.NewAgentAsync(shop, "甲");
        var b = await _s.NewAgentAsync(shop, "乙");
        var c = await _s.NewAgentAsync(shop, "丙");
        foreach (var agent in new[] { a, b, c })
        {
            await LimitAsync(agent, 2);
        }

        await _s.OnlineAsync(a, b, c);
        var buyers = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            buyers.Add(await _s.BuyerWritesAsync(key, $"在吗 {i}"));
            _s.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await _s.PassAsync();

        Assert.All((await LoadsAsync(a, b, c)).Values, load => Assert.Equal(2, load));
        var first = await _s.ConversationAsync(buyers[0]);
        Assert.Equal(ConversationStatus.Open, first.Status);
        var greeting = (await _s.MessagesAsync(buyers[0])).Last();
        Assert.Equal((SenderKind.Bot, "您好亲！欢迎光临，很高兴为您服务！有什么可以帮您的吗？"), (greeting.Sender, greeting.Body));
        Assert.Equal([ConversationStatus.Queued, ConversationStatus.Queued], [(await _s.ConversationAsync(buyers[6])).Status, (await _s.ConversationAsync(buyers[7])).Status]);
        Assert.Contains("您排在第 2 位", (await _s.MessagesAsync(buyers[7])).Last().Body);

        // An agent resolves one: the buyer who waited longest gets the seat, the other keeps waiting.
        await using var agentA = await fx.SignInAsync(a);
        var served = (await _s.InDbAsync(db => db.Conversations.FirstAsync(x => x.AssigneeId == a.Id))).Id;
        (await agentA.Http.PostAsJsonAsync($"/api/conversations/{served}/resolve", new ResolveBody(fx.World.CategoryId, "已解答", null))).EnsureSuccessStatusCode();
        await _s.PassAsync();

        Assert.Equal(a.Id, (await _s.ConversationAsync(buyers[6])).AssigneeId);
        Assert.Null((await _s.ConversationAsync(buyers[7])).AssigneeId);
        Assert.All((await LoadsAsync(a, b, c)).Values, load => Assert.Equal(2, load));
    }

    [Fact]
    public async Task A_vip_buyer_is_served_before_buyers_who_came_earlier()
    {
        var (shop, key) = await _s.NewShopAsync();
        var a = await _s.NewAgentAsync(shop, "甲");
        await LimitAsync(a, 1);
        await _s.OnlineAsync(a);
        var occupying = await _s.BuyerWritesAsync(key, "先来的");
        await _s.PassAsync();
        var early = await _s.BuyerWritesAsync(key, "早来的普通买家");
        _s.Clock.Advance(TimeSpan.FromMinutes(1));
        using var vipBuyer = await BuyerClient.StartAsync(_s.App, key);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        (await vipBuyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "v1", body = "我是会员" })).EnsureSuccessStatusCode();
        (await supervisor.Http.PutAsJsonAsync($"/api/customers/{vipBuyer.Session.CustomerId}/tags", new { tags = new[] { "VIP" } })).EnsureSuccessStatusCode();
        (await vipBuyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "v2", body = "在吗" })).EnsureSuccessStatusCode();
        await _s.PassAsync();

        // The VIP's conversation started before the tag; a new one after it is prioritised. Resolve its first and start again.
        var vipConversation = (await _s.InDbAsync(db => db.Conversations.FirstAsync(x => x.CustomerId == vipBuyer.Session.CustomerId))).Id;
        await using (var scope = _s.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
            await db.Conversations.Where(x => x.Id == vipConversation).ExecuteUpdateAsync(u => u.SetProperty(x => x.QueuePriority, 1));
        }

        await using var agent = await fx.SignInAsync(a);
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{occupying}/resolve", new ResolveBody(fx.World.CategoryId, "已解答", null))).EnsureSuccessStatusCode();
        await _s.PassAsync();

        Assert.Equal(a.Id, (await _s.ConversationAsync(vipConversation)).AssigneeId);
        Assert.Null((await _s.ConversationAsync(early)).AssigneeId);
    }

    [Fact]
    public async Task Round_robin_takes_agents_in_turn_and_weighted_shares_by_weight()
    {
        var (shop, key) = await _s.NewShopAsync();
        var a = await _s.NewAgentAsync(shop, "甲");
        var b = await _s.NewAgentAsync(shop, "乙");
        await LimitAsync(a, 50, weight: 3);
        await LimitAsync(b, 50, weight: 1);
        await AddGroupAsync(shop, "售前", new GroupSettings(DistributionStrategy.Weighted), isDefault: true, (a, 1), (b, 1));
        await _s.OnlineAsync(a, b);
        for (var i = 0; i < 8; i++)
        {
            await _s.BuyerWritesAsync(key, $"问一下 {i}");
        }

        await _s.PassAsync();
        Assert.Equal([6, 2], (await LoadsAsync(a, b)).Values);

        var (shop2, key2) = await _s.NewShopAsync();
        var c = await _s.NewAgentAsync(shop2, "丙");
        var d = await _s.NewAgentAsync(shop2, "丁");
        await AddGroupAsync(shop2, "售前", new GroupSettings(DistributionStrategy.RoundRobin), isDefault: true, (c, 1), (d, 1));
        await _s.OnlineAsync(c, d);
        var order = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var id = await _s.BuyerWritesAsync(key2, $"轮流 {i}");
            await _s.PassAsync();
            order.Add((await _s.ConversationAsync(id)).AssigneeId!.Value);
        }

        Assert.Equal(order[0], order[2]);
        Assert.Equal(order[1], order[3]);
        Assert.NotEqual(order[0], order[1]);
    }

    [Fact]
    public async Task Entry_rules_choose_the_group_and_members_by_priority_take_its_buyers()
    {
        var (shop, key) = await _s.NewShopAsync();
        var pre = await _s.NewAgentAsync(shop, "售前小美");
        var after = await _s.NewAgentAsync(shop, "售后阿杰");
        var preGroup = await AddGroupAsync(shop, "售前", new GroupSettings(Greeting: "欢迎光临!"), isDefault: true, (pre, 1), (after, 2));
        var afterGroup = await AddGroupAsync(shop, "售后", new GroupSettings(Greeting: "售后为您服务"), isDefault: false, (after, 1), (pre, 2));
        await using (var admin = await fx.SignInAsync(fx.World.Admin))
        {
            (await admin.Http.PutAsJsonAsync($"/api/admin/routing/shops/{shop}/rules", new[]
            {
                new EntryRuleInput(EntryCondition.Question, "售后问题", afterGroup.Id),
                new EntryRuleInput(EntryCondition.Keyword, "退货", afterGroup.Id),
                new EntryRuleInput(EntryCondition.EntryPoint, "refund-button", afterGroup.Id),
                new EntryRuleInput(EntryCondition.Page, "/after-sales", afterGroup.Id),
            }, Json.Options)).EnsureSuccessStatusCode();
            await (await admin.Http.PutAsJsonAsync($"/api/admin/routing/shops/{shop}/rules",
                    new[] { new EntryRuleInput(EntryCondition.Keyword, "", afterGroup.Id) }, Json.Options))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "routing_invalid");
        }

        await _s.OnlineAsync(pre, after);
        var asks = await _s.BuyerWritesAsync(key, "这个有货吗");
        var returns = await _s.BuyerWritesAsync(key, "我要退货");
        var picked = await _s.BuyerWritesAsync(key, "你好", new { question = "售后问题" });
        var button = await _s.BuyerWritesAsync(key, "你好", new { point = "refund-button" });
        var page = await _s.BuyerWritesAsync(key, "你好", new { page = "https://shop.example/after-sales/123" });
        await _s.PassAsync();

        Assert.Equal((preGroup.Id, pre.Id), ((await _s.ConversationAsync(asks)).SkillGroupId, (await _s.ConversationAsync(asks)).AssigneeId));
        foreach (var id in new[] { returns, picked, button, page })
        {
            var conversation = await _s.ConversationAsync(id);
            Assert.Equal((afterGroup.Id, after.Id), (conversation.SkillGroupId, conversation.AssigneeId));
            Assert.Equal("售后为您服务", (await _s.MessagesAsync(id)).Last().Body);
        }
    }

    [Fact]
    public async Task Order_questions_and_tagged_customers_follow_their_rules_and_an_unmatched_buyer_goes_to_the_default_group()
    {
        var (shop, key) = await _s.NewShopAsync();
        var a = await _s.NewAgentAsync(shop, "甲");
        var general = await AddGroupAsync(shop, "综合", new GroupSettings(), isDefault: true, (a, 1));
        var orders = await AddGroupAsync(shop, "订单", new GroupSettings(), isDefault: false, (a, 1));
        var members = await AddGroupAsync(shop, "会员", new GroupSettings(), isDefault: false, (a, 1));
        await using (var admin = await fx.SignInAsync(fx.World.Admin))
        {
            (await admin.Http.PutAsJsonAsync($"/api/admin/routing/shops/{shop}/rules", new[]
            {
                new EntryRuleInput(EntryCondition.CustomerTag, "金卡会员", members.Id),
                new EntryRuleInput(EntryCondition.Order, null, orders.Id),
            }, Json.Options)).EnsureSuccessStatusCode();
        }

        var aboutOrder = await _s.BuyerWritesAsync(key, "这个订单什么时候发", new { orderNo = "XL20261121001" });
        var plain = await _s.BuyerWritesAsync(key, "随便问问");
        using var member = await BuyerClient.StartAsync(_s.App, key);
        (await member.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "t1", body = "第一次" })).EnsureSuccessStatusCode();
        await using (var supervisor = await fx.SignInAsync(fx.World.Supervisor))
        {
            (await supervisor.Http.PutAsJsonAsync($"/api/customers/{member.Session.CustomerId}/tags", new { tags = new[] { "金卡会员" } })).EnsureSuccessStatusCode();
        }

        // The tag counts from the member's next conversation.
        var first = await _s.InDbAsync(db => db.Conversations.FirstAsync(c => c.CustomerId == member.Session.CustomerId));
        await using (var scope = _s.App.Services.CreateAsyncScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<KefuDesk.Features.Conversations.Writing.ConversationWriter>();
            await writer.ExecuteAsync(new KefuDesk.Features.Conversations.Writing.CloseConversation(
                new KefuDesk.Features.Conversations.Writing.StaffAccess(fx.World.Supervisor.Id, "主管", new HashSet<Guid> { shop }, true), first.Id));
        }

        (await member.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "t2", body = "又来了" })).EnsureSuccessStatusCode();
        var second = await _s.InDbAsync(db => db.Conversations.FirstAsync(c => c.CustomerId == member.Session.CustomerId && c.Id != first.Id));

        Assert.Equal(orders.Id, (await _s.ConversationAsync(aboutOrder)).SkillGroupId);
        Assert.Equal(general.Id, (await _s.ConversationAsync(plain)).SkillGroupId);
        Assert.Equal(general.Id, first.SkillGroupId);
        Assert.Equal(members.Id, second.SkillGroupId);
    }

    [Fact]
    public async Task A_buyer_queued_while_nobody_takes_buyers_is_told_the_words_are_kept_not_a_place_in_a_queue()
    {
        // The only agent has the workspace open but chose 小休: nobody will take the buyer until they are back.
        var (shop, key) = await _s.NewShopAsync();
        var agent = await _s.NewAgentAsync(shop, "小休中");
        await _s.OnlineAsync(agent);
        await _s.SetStatusAsync(agent, AgentStatus.Break);
        var id = await _s.BuyerWritesAsync(key, "在吗？想问下发货时间");
        await _s.PassAsync();
        var told = (await _s.MessagesAsync(id)).Last();
        Assert.Equal(SenderKind.Bot, told.Sender);
        Assert.Contains("您的留言已收到", told.Body);
        Assert.DoesNotContain("排在第", told.Body);

        // Said once; the agent back from the break takes the buyer.
        await _s.PassAsync();
        Assert.Single(await _s.MessagesAsync(id), m => m.Sender == SenderKind.Bot);
        await _s.SetStatusAsync(agent, AgentStatus.Online);
        await _s.PassAsync();
        Assert.Equal(agent.Id, (await _s.ConversationAsync(id)).AssigneeId);
    }

    [Fact]
    public async Task A_queue_that_times_out_without_an_overflow_group_keeps_the_buyers_words_as_a_message()
    {
        var (shop, key) = await _s.NewShopAsync();
        var full = await _s.NewAgentAsync(shop, "满");
        await LimitAsync(full, 0);
        await AddGroupAsync(shop, "售前", new GroupSettings(QueueTimeoutSeconds: 300), isDefault: true, (full, 1));
        await _s.OnlineAsync(full);
        var id = await _s.BuyerWritesAsync(key, "有人吗");
        await _s.PassAsync();
        Assert.Contains("您排在第 1 位", (await _s.MessagesAsync(id)).Last().Body);
        await _s.AdvanceAsync(TimeSpan.FromMinutes(4));
        await _s.PassAsync();
        Assert.False((await _s.ConversationAsync(id)).LeftOffline);

        await _s.AdvanceAsync(TimeSpan.FromMinutes(2));
        await _s.PassAsync();

        var conversation = await _s.ConversationAsync(id);
        Assert.True(conversation.LeftOffline);
        Assert.Equal("抱歉让您久等了，客服暂时都在忙。您的留言我们已收到，会尽快回复您。", (await _s.MessagesAsync(id)).Last().Body);
    }

    [Fact]
    public async Task Busy_agents_take_no_new_buyers_and_transfers_respect_the_limit_unless_a_supervisor_forces_them()
    {
        var (shop, key) = await _s.NewShopAsync();
        var a = await _s.NewAgentAsync(shop, "甲");
        var b = await _s.NewAgentAsync(shop, "乙");
        await LimitAsync(b, 1);
        await _s.OnlineAsync(a, b);
        await _s.SetStatusAsync(b, AgentStatus.Busy);
        var first = await _s.BuyerWritesAsync(key, "一");
        var second = await _s.BuyerWritesAsync(key, "二");
        await _s.PassAsync();
        Assert.Equal([a.Id, a.Id], [(await _s.ConversationAsync(first)).AssigneeId!.Value, (await _s.ConversationAsync(second)).AssigneeId!.Value]);

        await using var agentA = await fx.SignInAsync(a);
        (await agentA.Http.PostAsJsonAsync($"/api/conversations/{first}/transfer", new { agentId = b.Id }, Json.Options)).EnsureSuccessStatusCode();
        await (await agentA.Http.PostAsJsonAsync($"/api/conversations/{second}/transfer", new { agentId = b.Id }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "reception_limit_reached");
        await (await agentA.Http.PostAsJsonAsync($"/api/conversations/{second}/transfer", new { agentId = b.Id, force = true }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "reception_limit_reached");
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        (await supervisor.Http.PostAsJsonAsync($"/api/conversations/{second}/transfer", new { agentId = b.Id, force = true }, Json.Options)).EnsureSuccessStatusCode();

        // A colleague who never opened the workspace is refused even to a supervisor: nobody would answer.
        var absent = await _s.NewAgentAsync(shop, "丙");
        var third = await _s.BuyerWritesAsync(key, "三");
        await _s.PassAsync();
        await (await supervisor.Http.PostAsJsonAsync($"/api/conversations/{third}/transfer", new { agentId = absent.Id, force = true }, Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "transfer_agent_unavailable");

        Assert.Equal(2, (await LoadsAsync(b))[b.Id]);
        var statusFacts = await _s.InDbAsync(db => db.AgentStatusChanges.Where(f => f.AgentId == b.Id).OrderBy(f => f.At).Select(f => f.To).ToListAsync());
        Assert.Equal([AgentStatus.Online, AgentStatus.Busy], statusFacts);
    }

    [Fact]
    public async Task An_agent_who_does_not_answer_in_time_loses_the_buyer_to_the_next_and_the_supervisor_sees_it()
    {
        var (shop, key) = await _s.NewShopAsync();
        var slow = await _s.NewAgentAsync(shop, "慢");
        var quick = await _s.NewAgentAsync(shop, "快");
        await AddGroupAsync(shop, "售前", new GroupSettings(AnswerTimeoutSeconds: 90, WaitNoticeSeconds: 60), isDefault: true, (slow, 1), (quick, 2));
        await _s.OnlineAsync(slow, quick);
        var id = await _s.BuyerWritesAsync(key, "请问发什么快递");
        await _s.PassAsync();
        Assert.Equal(slow.Id, (await _s.ConversationAsync(id)).AssigneeId);

        await _s.AdvanceAsync(TimeSpan.FromSeconds(61));
        await _s.PassAsync();
        await _s.PassAsync();
        var waits = (await _s.MessagesAsync(id)).Where(m => m.Body == "亲，客服正在为您查询，请稍等片刻~").ToList();
        Assert.Single(waits);
        Assert.Equal(SenderKind.Bot, waits[0].Sender);

        await _s.AdvanceAsync(TimeSpan.FromSeconds(30));
        await _s.PassAsync(); // taken back from the slow agent
        await _s.PassAsync(); // and given to the next
        var conversation = await _s.ConversationAsync(id);
        Assert.Equal((quick.Id, slow.Id), (conversation.AssigneeId, conversation.PassedOverAgentId));

        // Welcomed once: the next agent is announced in one short line, not with a second welcome.
        var automatic = (await _s.MessagesAsync(id)).Where(m => m.Sender == SenderKind.Bot).Select(m => m.Body).ToList();
        Assert.Equal(["您好亲！欢迎光临，很高兴为您服务！有什么可以帮您的吗？", "亲，客服正在为您查询，请稍等片刻~", $"客服{quick.Nickname}将继续为您服务。"], automatic);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var board = (await supervisor.Http.GetFromJsonAsync<BoardView>("/api/routing/board", Json.Options))!;
        Assert.Contains(board.Reroutes, r => r.ConversationId == id && r.FromAgentId == slow.Id && r.Reason == nameof(RerouteReason.NoAnswer));
    }

    [Fact]
    public async Task A_buyer_of_a_group_nobody_staffs_goes_to_a_colleague_with_room_but_waits_for_members_who_are_full()
    {
        var (shop, key) = await _s.NewShopAsync();
        var member = await _s.NewAgentAsync(shop, "组员");
        var colleague = await _s.NewAgentAsync(shop, "同事");
        await AddGroupAsync(shop, "售后", new GroupSettings(), isDefault: true, (member, 1));
        await _s.OnlineAsync(colleague); // the group's only member is not at work
        var first = await _s.BuyerWritesAsync(key, "退货地址是哪里？");
        await _s.PassAsync();
        Assert.Equal(colleague.Id, (await _s.ConversationAsync(first)).AssigneeId);

        // The member comes in with one seat and takes the next buyer; the one after waits for them.
        await LimitAsync(member, 1);
        await _s.OnlineAsync(member);
        var second = await _s.BuyerWritesAsync(key, "换货要多久？");
        await _s.PassAsync();
        Assert.Equal(member.Id, (await _s.ConversationAsync(second)).AssigneeId);
        var third = await _s.BuyerWritesAsync(key, "可以只退运费吗？");
        await _s.PassAsync();
        var waiting = await _s.ConversationAsync(third);
        Assert.Equal((ConversationStatus.Queued, (Guid?)null), (waiting.Status, waiting.AssigneeId));
    }

    [Fact]
    public async Task Nobody_is_said_to_be_looking_into_it_while_the_agent_is_on_a_break()
    {
        var (shop, key) = await _s.NewShopAsync();
        var agent = await _s.NewAgentAsync(shop, "离");
        await AddGroupAsync(shop, "售前", new GroupSettings(WaitNoticeSeconds: 60), isDefault: true, (agent, 1));
        await _s.OnlineAsync(agent);
        var id = await _s.BuyerWritesAsync(key, "在吗？");
        await _s.PassAsync();
        Assert.Equal(agent.Id, (await _s.ConversationAsync(id)).AssigneeId);

        await _s.SetStatusAsync(agent, AgentStatus.Break); // 小休 (离开 for idleness is treated alike)
        await _s.AdvanceAsync(TimeSpan.FromSeconds(61));
        await _s.PassAsync();
        Assert.DoesNotContain(await _s.MessagesAsync(id), m => m.Body == "亲，客服正在为您查询，请稍等片刻~");

        // Back at the desk, and the buyer still unanswered: now it is true.
        await _s.SetStatusAsync(agent, AgentStatus.Online);
        await _s.PassAsync();
        Assert.Single(await _s.MessagesAsync(id), m => m.Body == "亲，客服正在为您查询，请稍等片刻~");
    }

    [Fact]
    public async Task An_agent_going_offline_hands_open_buyers_back_and_the_returning_buyer_finds_their_agent_again()
    {
        var (shop, key) = await _s.NewShopAsync();
        var a = await _s.NewAgentAsync(shop, "甲");
        var b = await _s.NewAgentAsync(shop, "乙");
        await AddGroupAsync(shop, "售后", new GroupSettings(StickyDays: 3), isDefault: true, (a, 1), (b, 1));
        await _s.OnlineAsync(a, b);
        using var buyer = await BuyerClient.StartAsync(_s.App, key);
        (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "s1", body = "我的快递到哪了" })).EnsureSuccessStatusCode();
        await _s.PassAsync();
        var first = await _s.InDbAsync(db => db.Conversations.FirstAsync(c => c.CustomerId == buyer.Session.CustomerId));
        var servedBy = first.AssigneeId!.Value;
        var staff = servedBy == a.Id ? a : b;
        var other = servedBy == a.Id ? b : a;
        await using (var agent = await fx.SignInAsync(staff))
        {
            (await agent.Http.PostAsJsonAsync($"/api/conversations/{first.Id}/messages", new { clientMessageId = "r1", body = "帮您查一下" })).EnsureSuccessStatusCode();
            (await agent.Http.PostAsJsonAsync($"/api/conversations/{first.Id}/resolve", new ResolveBody(fx.World.CategoryId, "已解答", null))).EnsureSuccessStatusCode();
        }

        // Days later (past the reopen window) the buyer writes again: back to the same agent, though the other has fewer buyers.
        await _s.AdvanceAsync(TimeSpan.FromDays(1));
        await _s.BuyerWritesAsync(key, "新买家占一个位"); // gives the sticky agent's colleague nothing to gain from balance alone
        (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "s2", body = "又是我" })).EnsureSuccessStatusCode();
        await _s.PassAsync();
        var second = await _s.InDbAsync(db => db.Conversations.Where(c => c.CustomerId == buyer.Session.CustomerId && c.Id != first.Id).FirstAsync());
        Assert.Equal(servedBy, second.AssigneeId);

        // The agent goes offline: their open buyers return to the queue and go to the colleague.
        await _s.SetStatusAsync(staff, AgentStatus.Offline);
        await _s.PassAsync();
        await _s.PassAsync();
        Assert.Equal(other.Id, (await _s.ConversationAsync(second.Id)).AssigneeId);
    }

    [Fact]
    public async Task Outside_business_hours_the_buyer_is_told_so_and_their_words_wait_as_a_message()
    {
        var (shop, key) = await _s.NewShopAsync();
        var a = await _s.NewAgentAsync(shop, "甲");
        await _s.OnlineAsync(a);
        await using (var admin = await fx.SignInAsync(fx.World.Admin))
        {
            var closedToday = KefuDesk.Components.Display.ShopTime(_s.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");
            (await admin.Http.PutAsJsonAsync($"/api/admin/routing/shops/{shop}/hours",
                new BusinessHours(["09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "", ""], [closedToday], []), Json.Options))
                .EnsureSuccessStatusCode();
            await (await admin.Http.PutAsJsonAsync($"/api/admin/routing/shops/{shop}/hours",
                    new BusinessHours(["9-18", "", "", "", "", "", ""], [], []), Json.Options))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "routing_invalid");
        }

        var id = await _s.BuyerWritesAsync(key, "今天能发货吗");
        await _s.PassAsync();

        var conversation = await _s.ConversationAsync(id);
        Assert.True(conversation.LeftOffline);
        Assert.Null(conversation.AssigneeId);
        Assert.Equal("现在是非工作时间，您的留言我们已收到，上班后会第一时间回复您。", (await _s.MessagesAsync(id)).Last().Body);
    }

    [Fact]
    public async Task A_queue_that_times_out_moves_the_buyer_to_the_overflow_group()
    {
        var (shop, key) = await _s.NewShopAsync();
        var full = await _s.NewAgentAsync(shop, "满");
        var spare = await _s.NewAgentAsync(shop, "闲");
        await LimitAsync(full, 0);
        var overflow = await AddGroupAsync(shop, "支援", new GroupSettings(), isDefault: false, (spare, 1));
        await AddGroupAsync(shop, "售前", new GroupSettings(QueueTimeoutSeconds: 120, OverflowGroupId: overflow.Id), isDefault: true, (full, 1));
        await _s.OnlineAsync(full, spare);
        var id = await _s.BuyerWritesAsync(key, "人呢");
        await _s.PassAsync();
        Assert.Equal(ConversationStatus.Queued, (await _s.ConversationAsync(id)).Status);

        await _s.AdvanceAsync(TimeSpan.FromMinutes(3));
        await _s.PassAsync();
        await _s.PassAsync();

        var conversation = await _s.ConversationAsync(id);
        Assert.Equal((overflow.Id, spare.Id), (conversation.SkillGroupId, conversation.AssigneeId));
    }

    [Fact]
    public async Task Agents_go_away_when_idle_and_offline_when_their_last_screen_closes()
    {
        var (shop, _) = await _s.NewShopAsync();
        var a = await _s.NewAgentAsync(shop, "甲");
        await _s.OnlineAsync(a);
        var sweeper = _s.App.Services.GetRequiredService<StatusSweeper>();
        _s.Clock.Advance(TimeSpan.FromMinutes(16));
        await _s.App.Services.GetRequiredService<KefuDesk.Features.Routing.Presence.Presence>().ConnectAsync(a.Id); // a second screen keeps it connected
        await _s.App.Services.GetRequiredService<AgentStatuses>().ChangeAsync(a.Id, s => s.Status, StatusReason.Chosen); // no change: still online
        await sweeper.RunOnceAsync(CancellationToken.None);
        Assert.Equal(AgentStatus.Away, (await _s.App.Services.GetRequiredService<AgentStatuses>().GetAsync(a.Id)).Status);

        await using var agent = await fx.SignInAsync(a);
        (await agent.Http.PostAsync("/api/routing/me/activity", null)).EnsureSuccessStatusCode();
        Assert.Equal(AgentStatus.Online, (await agent.Http.GetFromJsonAsync<SeatView>("/api/routing/me", Json.Options))!.Status);

        _s.Dispose(); // every screen closed: the presence lease runs out after the grace period
        _s.Clock.Advance(TimeSpan.FromMinutes(2));
        await sweeper.RunOnceAsync(CancellationToken.None);
        Assert.Equal(AgentStatus.Offline, (await agent.Http.GetFromJsonAsync<SeatView>("/api/routing/me", Json.Options))!.Status);
        var reasons = await _s.InDbAsync(db => db.AgentStatusChanges.Where(f => f.AgentId == a.Id).OrderBy(f => f.At).Select(f => f.Reason).ToListAsync());
        Assert.Equal([StatusReason.SignedIn, StatusReason.Idle, StatusReason.Returned, StatusReason.Disconnected], reasons);
        await (await agent.Http.PutAsJsonAsync("/api/routing/me/status", new { status = "away" }, Json.Options)).AssertProblemAsync(HttpStatusCode.BadRequest, "routing_invalid");
    }
}

public sealed class RoutingTests_Sqlite(RoutingSqliteApp fx) : RoutingTests(fx), IClassFixture<RoutingSqliteApp>;

public sealed class RoutingTests_Postgres(RoutingPostgresApp fx) : RoutingTests(fx), IClassFixture<RoutingPostgresApp>;
