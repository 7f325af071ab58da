using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.AfterSales;

/// <summary>Complaints as people click them: an agent records a high-risk one, the supervisor's open list shows it escalated, on top.</summary>
public sealed class ComplaintFlowTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    private async Task<IPage> ComplaintsAsync(IBrowserContext context, DemoAccounts.Account who)
    {
        var page = await fx.SignInAsync(context, who.UserName, who.Password);
        await page.GotoAsync(fx.Url("/after-sales/complaints"));
        await page.Locator("[data-testid=complaints-page][data-interactive=true]").WaitForAsync();
        return page;
    }

    [Fact]
    public async Task An_agent_records_a_high_risk_complaint_and_the_supervisor_sees_it_escalated_at_the_top()
    {
        await using var supervisorContext = await fx.NewContextAsync();
        await using var agentContext = await fx.NewContextAsync();
        var supervisor = await ComplaintsAsync(supervisorContext, DemoAccounts.Supervisor);
        var agent = await ComplaintsAsync(agentContext, DemoAccounts.Agent);
        var subject = "买家称要去 12315 投诉虚假发货 " + Guid.NewGuid().ToString("N")[..6];

        // 登记投诉: by order number, high risk.
        await By(agent, "new-complaint").ClickAsync();
        await By(agent, "complaint-order-no").FillAsync("XL20261122003");
        await By(agent, "complaint-severity-highrisk").ClickAsync();
        await Expect(By(agent, "complaint-severity-highrisk")).ToHaveAttributeAsync("aria-checked", "true");
        await By(agent, "complaint-category").SelectOptionAsync("Logistics");
        await By(agent, "complaint-subject").FillAsync(subject);
        await By(agent, "complaint-description").FillAsync("买家付款后两天未发货,店铺却显示已发货,买家情绪激动。");
        await By(agent, "complaint-save").ClickAsync();
        await Expect(By(agent, "new-complaint-form")).ToHaveCountAsync(0);
        var mine = agent.Locator("[data-testid=complaint-row]", new() { HasText = subject });
        await Expect(mine.Locator("[data-testid=complaint-escalated]")).ToBeVisibleAsync();

        // The supervisor's open list updates by itself: the complaint is escalated, above every complaint that is not.
        var row = supervisor.Locator("[data-testid=complaint-row]", new() { HasText = subject });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("[data-testid=complaint-escalated]")).ToHaveTextAsync("已升级");
        await Expect(row.Locator("[data-testid=complaint-high-risk]")).ToBeVisibleAsync();
        await Expect(supervisor.Locator(".mud-snackbar", new() { HasText = "已升级给主管" })).ToBeVisibleAsync();
        var rows = await supervisor.Locator("[data-testid=complaint-row]").AllAsync();
        var escalated = new List<bool>();
        var at = -1;
        foreach (var r in rows)
        {
            if ((await r.InnerTextAsync()).Contains(subject, StringComparison.Ordinal))
            {
                at = escalated.Count;
            }

            escalated.Add(await r.Locator("[data-testid=complaint-escalated]").CountAsync() == 1);
        }

        Assert.True(at >= 0);
        Assert.All(escalated.Take(at), Assert.True);
        Assert.Contains(false, escalated.Skip(at)); // the demo's ordinary complaints come after it
        await BrowserFixture.ScreenshotAsync(supervisor, "complaints-escalated-for-supervisor");

        // The supervisor opens it: the history says who recorded it and that it went to the supervisors.
        await row.Locator("[data-testid=complaint-link]").ClickAsync();
        await supervisor.Locator("[data-testid=complaint-page][data-interactive=true]").WaitForAsync();
        await Expect(By(supervisor, "complaint-history")).ToContainTextAsync("登记投诉");
        await Expect(By(supervisor, "complaint-history")).ToContainTextAsync("升级给主管");
        await Expect(By(supervisor, "complaint-owner-name")).ToHaveTextAsync(DemoAccounts.Agent.DisplayName);
    }
}
