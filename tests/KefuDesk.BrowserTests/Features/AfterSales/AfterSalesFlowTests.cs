using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.AfterSales;

/// <summary>After-sales cases as people click them: a supervisor approves a refund above the limit; an agent opens a case from an order number.</summary>
public sealed class AfterSalesFlowTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    /// <summary>A step waits on the server (a save, a reload of the case); a loaded test machine may take a while.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Saved = new() { Timeout = 15_000 };

    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    private static async Task OpenCasesAsync(IPage page)
    {
        await page.Locator("a[href='/after-sales']").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/after-sales$"));
        await Expect(page.Locator("[data-testid=case-list][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task A_supervisor_finds_the_refund_waiting_for_approval_approves_it_and_sees_it_move_on()
    {
        await using var context = await fx.NewContextAsync();
        var supervisor = await fx.SignInAsync(context, DemoAccounts.Supervisor.UserName, DemoAccounts.Supervisor.Password);
        await OpenCasesAsync(supervisor);

        // 只看待主管审批: 刘洋's crushed air fryer, ¥399, above the shop's ¥200 limit.
        await By(supervisor, "cases-awaiting-supervisor").CheckAsync();
        await By(supervisor, "cases-search").ClickAsync();
        // Blazor moves within the page (history API): poll the address; WaitForURL missed that move once under load.
        await Expect(supervisor).ToHaveURLAsync(new Regex("awaitingSupervisor=true"));
        var row = supervisor.Locator("[data-testid=case-row]", new() { HasText = "XL20261115021" });
        await Expect(row.Locator("[data-testid=case-awaiting-supervisor]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(supervisor, "after-sales-awaiting-supervisor");
        await row.Locator("[data-testid=case-link]").ClickAsync();

        await Expect(supervisor.Locator("[data-testid=case-page][data-interactive=true]")).ToBeVisibleAsync();
        await Expect(By(supervisor, "case-status").First).ToHaveTextAsync("审核中");
        await Expect(By(supervisor, "case-awaiting-supervisor")).ToBeVisibleAsync();
        await By(supervisor, "case-step-Approve").ClickAsync();

        await Expect(By(supervisor, "case-status").First).ToHaveTextAsync("待买家退货", Saved);
        await Expect(By(supervisor, "case-awaiting-supervisor")).ToHaveCountAsync(0);
        await Expect(By(supervisor, "case-history-item").First).ToContainTextAsync("同意");
        await Expect(By(supervisor, "case-history-item").First).ToContainTextAsync(DemoAccounts.Supervisor.Nickname);
        await Expect(By(supervisor, "case-step-BuyerReturned")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(supervisor, "after-sales-approved");
    }

    [Fact]
    public async Task An_agent_opens_a_case_from_an_order_number_takes_it_up_and_approves_a_small_refund()
    {
        await using var context = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(context, DemoAccounts.AfterSalesAgent.UserName, DemoAccounts.AfterSalesAgent.Password);
        await OpenCasesAsync(agent);

        await By(agent, "cases-new").ClickAsync();
        await By(agent, "new-case-order-no").FillAsync("XL20261118007");
        await By(agent, "new-case-find").ClickAsync();
        await Expect(By(agent, "new-case-order")).ToContainTextAsync("便携榨汁杯");
        await By(agent, "new-case-kind-RefundOnly").ClickAsync();
        await By(agent, "new-case-reason").SelectOptionAsync("QualityProblem");
        await By(agent, "new-case-refund").FillAsync("20");
        await By(agent, "new-case-description").FillAsync("杯盖裂痕,买家同意补偿 20 元不换货");
        await By(agent, "new-case-submit").ClickAsync();

        await Expect(agent).ToHaveURLAsync(new Regex("/after-sales/[0-9a-f-]{36}$"));
        await Expect(agent.Locator("[data-testid=case-page][data-interactive=true]")).ToBeVisibleAsync();
        await Expect(By(agent, "case-status").First).ToHaveTextAsync("待受理");
        await Expect(By(agent, "case-refund")).ToHaveTextAsync("¥20.00");
        await By(agent, "case-step-Review").ClickAsync();
        await Expect(By(agent, "case-status").First).ToHaveTextAsync("审核中", Saved);
        await By(agent, "case-step-Approve").ClickAsync();
        await Expect(By(agent, "case-status").First).ToHaveTextAsync("已同意", Saved);
        await Expect(By(agent, "case-step-CompleteRefund")).ToContainTextAsync("¥20.00");
    }
}
