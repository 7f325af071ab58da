using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Phone;

/// <summary>An agent works the phone from the workspace as people would click: a missed call, the call-back list, the call back.</summary>
public sealed class PhoneFlowTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task An_agent_logs_a_missed_call_finds_it_among_the_call_backs_calls_back_and_the_task_is_gone()
    {
        await using var context = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(context, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        var number = "139" + Random.Shared.Next(10_000_000, 100_000_000);
        var masked = PersonalData.MaskPhone(number)!;
        var before = int.Parse(await By(agent, "callback-count").InnerTextAsync());

        // 记录通话: a buyer rang while everyone was busy.
        await By(agent, "log-call").ClickAsync();
        await By(agent, "call-number").FillAsync($"{number[..3]} {number[3..7]} {number[7..]}");
        await By(agent, "call-outcome").SelectOptionAsync("Missed");
        await Expect(By(agent, "call-duration")).ToBeDisabledAsync();
        await By(agent, "call-notes").FillAsync("语音留言:想问榨汁杯换货进度");
        await By(agent, "save-call").ClickAsync();
        await Expect(By(agent, "log-call-form")).ToHaveCountAsync(0);

        // The call is a phone conversation in the list, and a call-back on the badge.
        var phoneItem = agent.Locator("[data-testid=conversation-item]", new() { HasText = masked });
        await Expect(phoneItem.First).ToContainTextAsync("电话");
        await Expect(By(agent, "callback-count")).ToHaveTextAsync((before + 1).ToString());

        // 待回电: the number is masked until the agent takes the task to dial it.
        await By(agent, "callbacks").ClickAsync();
        var task = agent.Locator("[data-testid=callback-item]", new() { HasText = masked });
        await Expect(task).ToHaveCountAsync(1);
        await Expect(task).ToContainTextAsync("想问榨汁杯换货进度");
        await task.Locator("[data-testid=call-back]").ClickAsync();

        // The call back: outgoing, to the full number, reached the buyer.
        await Expect(By(agent, "call-back-of")).ToBeVisibleAsync();
        await Expect(By(agent, "call-number")).ToHaveValueAsync(number);
        await Expect(By(agent, "call-direction-outbound")).ToHaveAttributeAsync("aria-checked", "true");
        await By(agent, "call-duration").FillAsync("2:05");
        await By(agent, "call-notes").FillAsync("已告知换货已发出,顺丰单号已短信发送");
        await By(agent, "call-category").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await By(agent, "save-call").ClickAsync();

        // Back on the list: the task is gone, and the badge counts it no more.
        await Expect(By(agent, "callback-list")).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=callback-item]", new() { HasText = masked })).ToHaveCountAsync(0);
        await Expect(By(agent, "callback-count")).ToHaveTextAsync(before.ToString());
        await BrowserFixture.ScreenshotAsync(agent, "phone-callbacks-after-call-back");
    }
}
