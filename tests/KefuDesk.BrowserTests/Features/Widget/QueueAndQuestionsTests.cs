using System.Net.Http.Json;
using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Demo;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing.Admin;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Widget;

/// <summary>A node that routes buyers itself, a pass every 300 ms.</summary>
public sealed class RoutingOnFixture : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["KefuDesk:Routing:Enabled"] = "true",
        ["KefuDesk:Routing:PassMilliseconds"] = "300",
    };
}

/// <summary>The widget while buyers wait for an agent (the queue banner), and the shop's question menu for a first message.</summary>
public sealed class QueueAndQuestionsTests(RoutingOnFixture fx) : IClassFixture<RoutingOnFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    private async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> read)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    /// <summary>A shop of the demo company served by one agent of its own, who takes one buyer at a time.</summary>
    private Task<(string WidgetKey, TestStaff Agent)> ShopWithOneSeatAsync() => ShopWithOwnAgent.CreateAsync(fx, "queue", seats: 1);

    [Fact]
    public async Task Buyers_waiting_for_the_one_agent_see_their_place_count_down_and_the_next_is_greeted_when_a_seat_frees()
    {
        var (key, staff) = await ShopWithOneSeatAsync();
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, staff.UserName, staff.Password); // the workspace open: 在线

        // The first buyer is given to the agent at once and greeted, the greeting marked as automatic.
        var shopUrl = fx.Url("/demo-shop/" + key);
        var first = await fx.BuyerWritesAsync(shopUrl, "你好,降噪耳机有现货吗?");
        var greeting = first.Locator("[data-testid=kefudesk-message][data-sender=bot]");
        await Expect(greeting).ToContainTextAsync("欢迎光临");
        await Expect(greeting.Locator("[data-testid=kefudesk-bot-label]")).ToHaveTextAsync("自动回复");
        await Expect(By(first, "kefudesk-queue")).ToBeHiddenAsync();

        // The agent's only seat is taken: the next two queue, each told their place.
        var second = await fx.BuyerWritesAsync(shopUrl, "请问保温杯可以刻字吗?");
        await Expect(By(second, "kefudesk-queue")).ToHaveAttributeAsync("data-position", "1");
        await Expect(By(second, "kefudesk-queue")).ToContainTextAsync("排队中，下一位就是您");
        await Expect(By(second, "kefudesk-queue")).ToContainTextAsync("正在为您安排客服");
        var third = await fx.BuyerWritesAsync(shopUrl, "榨汁杯能用多久?");
        await Expect(By(third, "kefudesk-queue")).ToHaveAttributeAsync("data-position", "2");
        await Expect(By(third, "kefudesk-queue")).ToContainTextAsync("排队中，您前面还有 1 位");

        // A reload (a reconnect) asks where the buyer stands: the banner is back at once.
        await third.ReloadAsync();
        await By(third, "kefudesk-launcher").ClickAsync();
        await Expect(By(third, "kefudesk-queue")).ToContainTextAsync("排队中，您前面还有 1 位");

        // In the workspace the greeting stands on the agent's side, marked so the agent knows it was not them.
        var served = await InDbAsync(db => db.Messages.Where(m => m.Body == "你好,降噪耳机有现货吗?").Select(m => m.ConversationId).SingleAsync());
        await agent.Locator($"[data-testid=conversation-item][data-conversation='{served}']").ClickAsync();
        var automatic = agent.Locator("[data-testid=message]", new() { HasText = "欢迎光临" });
        await Expect(automatic.Locator("[data-testid=bot-label]")).ToHaveTextAsync("自动回复");

        // The agent ends the first conversation: the second buyer is served, the third moves up.
        var category = await InDbAsync(db => db.ConsultationCategories.Where(c => c.Name == "库存现货").Select(c => c.Id).FirstAsync());
        await using (var api = await StaffClient.SignInAsync(fx.App, staff))
        {
            (await api.Http.PostAsJsonAsync($"/api/conversations/{served}/resolve", new ResolveBody(category, "已答复现货", null), Json.Options))
                .EnsureSuccessStatusCode();
        }

        await Expect(second.Locator("[data-testid=kefudesk-message][data-sender=bot]", new() { HasText = "欢迎光临" })).ToHaveCountAsync(1);
        await Expect(By(second, "kefudesk-queue")).ToBeHiddenAsync();
        await Expect(By(third, "kefudesk-queue")).ToHaveAttributeAsync("data-position", "1");
        await Expect(By(third, "kefudesk-queue")).ToContainTextAsync("排队中，下一位就是您");
        await BrowserFixture.ScreenshotAsync(third, "widget-queue");

        foreach (var buyer in new[] { first, second, third })
        {
            await buyer.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_question_menu_starts_the_conversation_in_the_questions_group_and_the_after_sales_button_says_where_the_buyer_came_from()
    {
        var afterSales = await InDbAsync(db => db.SkillGroups.Where(g => g.Name == "售后" && db.Shops.Any(s => s.Id == g.ShopId && s.WidgetKey == DemoAccounts.ShopKey))
            .Select(g => g.Id).SingleAsync());

        await using var context = await fx.NewContextAsync();
        var buyer = await context.NewPageAsync();
        await buyer.GotoAsync(fx.Url("/demo-shop"));
        await By(buyer, "kefudesk-launcher").ClickAsync();
        await Expect(By(buyer, "kefudesk-questions")).ToContainTextAsync("请选择您要咨询的问题");
        await Expect(By(buyer, "kefudesk-question")).ToHaveTextAsync(["商品咨询", "物流查询", "售后问题"]);

        await By(buyer, "kefudesk-question").Filter(new() { HasText = "售后问题" }).ClickAsync();
        await Expect(By(buyer, "kefudesk-message").First).ToContainTextAsync("售后问题");
        await Expect(buyer.Locator("[data-pending]")).ToHaveCountAsync(0);
        await Expect(By(buyer, "kefudesk-questions")).ToBeHiddenAsync();
        var picked = await InDbAsync(db => db.Conversations.Where(c => db.Messages.Any(m => m.ConversationId == c.Id && m.Body == "售后问题"))
            .Select(c => new { c.SkillGroupId, c.Question }).SingleAsync());
        Assert.Equal((afterSales, "售后问题"), (picked.SkillGroupId!.Value, picked.Question));

        // Back later: the buyer has a conversation, so no menu.
        await buyer.ReloadAsync();
        await By(buyer, "kefudesk-launcher").ClickAsync();
        await Expect(By(buyer, "kefudesk-message").First).ToContainTextAsync("售后问题");
        await Expect(By(buyer, "kefudesk-questions")).ToBeHiddenAsync();

        // The shop's own 联系售后 button opens the chat as its entry point; the buyer just types.
        await using var other = await fx.NewContextAsync();
        var fromButton = await other.NewPageAsync();
        await fromButton.GotoAsync(fx.Url("/demo-shop"));
        await Expect(By(fromButton, "kefudesk-launcher")).ToBeVisibleAsync(); // the widget's script has loaded
        await By(fromButton, "demo-after-sales").ClickAsync();
        await Expect(By(fromButton, "kefudesk-panel")).ToBeVisibleAsync();
        await Expect(By(fromButton, "kefudesk-status")).ToHaveAttributeAsync("data-state", "online");
        await By(fromButton, "kefudesk-input").FillAsync("我买的耳机左耳没声音");
        await By(fromButton, "kefudesk-input").PressAsync("Enter");
        await Expect(fromButton.Locator("[data-pending]")).ToHaveCountAsync(0);
        var typed = await InDbAsync(db => db.Conversations.Where(c => db.Messages.Any(m => m.ConversationId == c.Id && m.Body == "我买的耳机左耳没声音"))
            .Select(c => new { c.SkillGroupId, c.EntryPoint, c.Question }).SingleAsync());
        Assert.Equal((afterSales, "after-sales-button", (string?)null), (typed.SkillGroupId!.Value, typed.EntryPoint, typed.Question));
    }
}
