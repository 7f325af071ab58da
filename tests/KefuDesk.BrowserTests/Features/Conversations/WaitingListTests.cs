using System.Text.RegularExpressions;
using KefuDesk.BrowserTests.Features.Widget;
using KefuDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Conversations;

/// <summary>待回复 as an agent works it: every buyer no person has answered, greeted or not, oldest wait first.</summary>
public sealed class WaitingListTests(RoutingOnFixture fx) : IClassFixture<RoutingOnFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task Greeted_buyers_wait_oldest_first_with_their_own_words_and_a_timer_that_turns_amber_then_red_until_a_person_answers()
    {
        var (key, staff) = await ShopWithOwnAgent.CreateAsync(fx, "wait", seats: 5);
        await using (var admin = await ShopAdmin.SignInAsync(fx.App))
        {
            // Short thresholds so the test sees both colours (the shop's defaults are 60 s and 3 minutes); red late
            // enough that a slow machine still finds the list amber first.
            await admin.ChangeAsync(key, new { policy = new { reopenWindowMinutes = 30, autoResolveMinutes = 30, replyWarnSeconds = 5, replyLateSeconds = 30 } });
        }

        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, staff.UserName, staff.Password);

        // Both buyers are routed to the agent and greeted automatically: the greeting answers nobody.
        var shopUrl = fx.Url("/demo-shop/" + key);
        var first = await fx.BuyerWritesAsync(shopUrl, "你好，降噪耳机有现货吗？");
        await Expect(first.Locator("[data-testid=kefudesk-message][data-sender=bot]")).ToContainTextAsync("欢迎光临");
        var second = await fx.BuyerWritesAsync(shopUrl, "请问可以开发票吗？");
        await Expect(second.Locator("[data-testid=kefudesk-message][data-sender=bot]")).ToContainTextAsync("欢迎光临");

        await By(agent, "filter-waiting").ClickAsync();
        var rows = By(agent, "conversation-item");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).Locator("[data-testid=item-preview]")).ToHaveTextAsync("你好，降噪耳机有现货吗？");
        await Expect(rows.Nth(1).Locator("[data-testid=item-preview]")).ToHaveTextAsync("请问可以开发票吗？");
        await Expect(By(agent, "filter-waiting")).ToContainTextAsync("2");
        await Expect(agent).ToHaveTitleAsync(new Regex("^（2 位待回复）"));

        // The wait counts up in the row and turns amber, then red, at the shop's thresholds.
        var timer = rows.Nth(0).Locator("[data-testid=wait-timer]");
        await Expect(timer).ToHaveTextAsync(new Regex(@"^\d\d:\d\d$"));
        await Expect(timer).ToHaveClassAsync(new Regex("ws-wait-warn"), new() { Timeout = 15_000 });
        await Expect(timer).ToHaveClassAsync(new Regex("ws-wait-late"), new() { Timeout = 40_000 });
        await BrowserFixture.ScreenshotAsync(agent, "workspace-waiting");

        // The agent answers the first buyer: it leaves 待回复 and the tab counts one.
        await rows.Nth(0).ClickAsync();
        await WorkspacePage.ReplyAsync(agent, "亲，有现货的，今天下单今天发。");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.Nth(0).Locator("[data-testid=item-preview]")).ToHaveTextAsync("请问可以开发票吗？");
        await Expect(agent).ToHaveTitleAsync(new Regex("^（1 位待回复）"));

        // A tag goes on with the first Enter.
        await By(agent, "add-tag").ClickAsync();
        await By(agent, "tag-input").FillAsync("现货");
        await By(agent, "tag-input").PressAsync("Enter");
        await Expect(By(agent, "tags")).ToContainTextAsync("现货");
        await Expect(By(agent, "tag-input")).ToHaveCountAsync(0);

        // Resolving starts the record with the conversation's tags.
        await By(agent, "resolve").ClickAsync();
        await Expect(By(agent, "record-tags")).ToHaveValueAsync("现货");
        await agent.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();

        // Sound and desktop alerts are the agent's choice, kept in this browser.
        await Expect(By(agent, "alerts-toggle")).ToHaveAttributeAsync("aria-pressed", "false");
        await By(agent, "alerts-toggle").ClickAsync();
        await Expect(By(agent, "alerts-toggle")).ToHaveAttributeAsync("aria-pressed", "true");
        await agent.ReloadAsync();
        await agent.Locator("[data-testid=workspace][data-interactive=true]").WaitForAsync();
        await Expect(By(agent, "alerts-toggle")).ToHaveAttributeAsync("aria-pressed", "true");

        foreach (var buyer in new[] { first, second })
        {
            await buyer.Context.CloseAsync();
        }
    }
}
