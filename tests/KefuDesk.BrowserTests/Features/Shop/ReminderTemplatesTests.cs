using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Shop;

/// <summary>
/// A supervisor writes the shop's own 催付 wording beside the built-in ones, sees it as the buyer
/// will read it, rewords it and removes it; an agent has no way in.
/// </summary>
public sealed class ReminderTemplatesTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task A_supervisor_adds_rewords_and_removes_a_reminder_wording_and_an_agent_cannot_open_the_page()
    {
        await using var context = await fx.NewContextAsync();
        var supervisor = await fx.SignInAsync(context, DemoAccounts.Supervisor.UserName, DemoAccounts.Supervisor.Password);
        await supervisor.GotoAsync(fx.Url("/orders"));
        await Expect(By(supervisor, "orders")).ToHaveAttributeAsync("data-interactive", "true");
        await By(supervisor, "orders-nav-reminders").ClickAsync();
        await Expect(By(supervisor, "reminder-templates")).ToHaveAttributeAsync("data-interactive", "true");
        await Expect(By(supervisor, "reminder-template")).ToHaveCountAsync(2); // the built-in two

        // Nothing filled in: refused with the reason, nothing added.
        await By(supervisor, "reminder-save").ClickAsync();
        await Expect(By(supervisor, "reminder-error")).ToContainTextAsync("模板名称最多 50 字");
        await Expect(By(supervisor, "reminder-template")).ToHaveCountAsync(2);

        // A wording with the buyer's name and the amount put in by the variable buttons; the preview fills them.
        await By(supervisor, "reminder-name").FillAsync("大促催付");
        await By(supervisor, "reminder-var").Nth(0).ClickAsync();
        await Expect(By(supervisor, "reminder-text")).ToHaveValueAsync("{买家}");
        await By(supervisor, "reminder-text").FocusAsync();
        await supervisor.Keyboard.PressAsync("End");
        await supervisor.Keyboard.InsertTextAsync("您好，大促最后一天，订单还差 "); // as an input method commits a phrase
        await By(supervisor, "reminder-var").Nth(2).ClickAsync();
        await Expect(By(supervisor, "reminder-text")).ToHaveValueAsync("{买家}您好，大促最后一天，订单还差 {金额}");
        await Expect(By(supervisor, "reminder-preview")).ToContainTextAsync("张三您好，大促最后一天，订单还差 ¥128.00");
        await By(supervisor, "reminder-save").ClickAsync();
        var own = supervisor.Locator("[data-testid=reminder-template][data-name=大促催付]");
        await Expect(own).ToContainTextAsync("{买家}您好，大促最后一天");
        await Expect(By(supervisor, "reminders-none")).ToHaveCountAsync(0);
        await Expect(By(supervisor, "reminder-name")).ToHaveValueAsync("");

        // Reworded.
        await own.Locator("[data-testid=reminder-edit]").ClickAsync();
        await Expect(By(supervisor, "reminder-name")).ToHaveValueAsync("大促催付");
        await By(supervisor, "reminder-text").FillAsync("{买家}您好，订单 {订单号} 付款后今天就发货～");
        await Expect(By(supervisor, "reminder-preview")).ToContainTextAsync("张三您好，订单 XL20261123001 付款后今天就发货");
        await BrowserFixture.ScreenshotAsync(supervisor, "orders-reminders");
        await By(supervisor, "reminder-save").ClickAsync();
        await Expect(own).ToContainTextAsync("付款后今天就发货");

        // Removed, after saying so.
        await own.Locator("[data-testid=reminder-delete]").ClickAsync();
        await Expect(own.Locator("[data-testid=reminder-confirm-delete]")).ToContainTextAsync("大促催付");
        await own.Locator("[data-testid=reminder-delete-yes]").ClickAsync();
        await Expect(own).ToHaveCountAsync(0);
        await Expect(By(supervisor, "reminder-template")).ToHaveCountAsync(2);
        await Expect(By(supervisor, "reminders-none")).ToBeVisibleAsync();

        // An agent sees the orders list without the supervisors' tabs, and is turned away from the page.
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        await agent.GotoAsync(fx.Url("/orders"));
        await Expect(agent.Locator("[data-testid=orders][data-interactive=true]")).ToBeVisibleAsync();
        await Expect(By(agent, "orders-nav")).ToHaveCountAsync(0);
        await agent.GotoAsync(fx.Url("/orders/reminders"));
        await Expect(agent.GetByRole(AriaRole.Alert)).ToContainTextAsync("没有权限");
        await Expect(By(agent, "reminder-templates")).ToHaveCountAsync(0);
    }
}
