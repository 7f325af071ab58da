using System.Text.RegularExpressions;
using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.AfterSales;

/// <summary>
/// Reviews as people click them: a supervisor gives a 差评 to an agent, whose open list shows it at once
/// with a notice; she follows it up with the shop's apology wording, and the supervisor's list shows it done.
/// </summary>
public sealed class ReviewFlowTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    private async Task<IPage> ReviewsAsync(IBrowserContext context, DemoAccounts.Account who)
    {
        var page = await fx.SignInAsync(context, who.UserName, who.Password);
        await page.GotoAsync(fx.Url("/after-sales/reviews"));
        await page.Locator("[data-testid=reviews-page][data-interactive=true]").WaitForAsync();
        return page;
    }

    private static async Task ChooseAsync(ILocator select, string optionText)
    {
        var value = await select.Locator("option", new() { HasText = optionText }).GetAttributeAsync("value");
        await select.SelectOptionAsync(value!);
    }

    [Fact]
    public async Task A_supervisor_gives_a_bad_review_to_an_agent_who_sees_it_at_once_and_follows_it_up_with_the_apology_wording()
    {
        await using var agentContext = await fx.NewContextAsync();
        await using var supervisorContext = await fx.NewContextAsync();

        // 小美's 待我跟进: the one 中评 the demo gave her.
        var agent = await ReviewsAsync(agentContext, DemoAccounts.Agent);
        await By(agent, "reviews-mine").ClickAsync();
        await Expect(By(agent, "review-row")).ToHaveCountAsync(1);
        await Expect(By(agent, "reviews-mine")).ToHaveTextAsync("待我跟进 1");

        // The supervisor finds 阿杰's 差评 by its order number and gives it to 小美.
        var supervisor = await ReviewsAsync(supervisorContext, DemoAccounts.Supervisor);
        await By(supervisor, "reviews-q").FillAsync("XL20261118007");
        await By(supervisor, "reviews-q").PressAsync("Enter");
        // Only the search's one row: the first page may show this review too, and a click there could
        // land on a row the search is replacing.
        await Expect(By(supervisor, "review-row")).ToHaveCountAsync(1);
        var bad = supervisor.Locator("[data-testid=review-row]", new() { HasText = "赵***敏" });
        await Expect(bad).ToHaveCountAsync(1);
        await Expect(bad.Locator("[data-testid=review-follow-up]")).ToHaveTextAsync("待跟进");
        await bad.Locator("[data-testid=review-open]").ClickAsync();
        await ChooseAsync(By(supervisor, "follow-up-assignee"), DemoAccounts.Agent.Nickname);
        await By(supervisor, "follow-up-reassign").ClickAsync();
        await Expect(supervisor.Locator(".mud-snackbar", new() { HasText = "已改由新的跟进人负责" })).ToBeVisibleAsync();

        // 小美's list takes it in by itself, and she is told.
        await Expect(agent.Locator(".mud-snackbar", new() { HasText = "1 条中差评交给你跟进" })).ToBeVisibleAsync();
        var given = agent.Locator("[data-testid=review-row]", new() { HasText = "赵***敏" });
        await Expect(given).ToHaveCountAsync(1);
        await Expect(By(agent, "reviews-mine")).ToHaveTextAsync("待我跟进 2");
        await BrowserFixture.ScreenshotAsync(agent, "reviews-given-to-agent");

        // She follows it up: the shop's 差评致歉 wording, filled in for this buyer and order.
        await given.Locator("[data-testid=review-open]").ClickAsync();
        await ChooseAsync(By(agent, "follow-up-template"), "差评致歉");
        await Expect(By(agent, "follow-up-reply")).ToHaveValueAsync(new Regex(@"赵\*\*\*敏.*XL20261118007"));
        await By(agent, "outcome-explained").CheckAsync();
        await By(agent, "follow-up-note").FillAsync("电话联系买家,解释了换货延误的原因并致歉");
        await BrowserFixture.ScreenshotAsync(agent, "reviews-given-and-followed-up");
        await By(agent, "follow-up-save").ClickAsync();
        await Expect(agent.Locator(".mud-snackbar", new() { HasText = "跟进结果已保存" })).ToBeVisibleAsync();

        // Done: out of her 待我跟进, and shown as followed up on the supervisor's screen without a reload.
        await Expect(given).ToHaveCountAsync(0);
        await Expect(By(agent, "reviews-mine")).ToHaveTextAsync("待我跟进 1");
        await Expect(bad.Locator("[data-testid=review-follow-up]")).ToHaveTextAsync("已跟进");
        await Expect(bad).ToContainTextAsync("已解释");
    }
}
