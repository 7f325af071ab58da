using System.Text.RegularExpressions;
using KefuDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Widget;

/// <summary>
/// A node where one address may start one conversation and then one more every twelve seconds (the
/// browser is always 127.0.0.1), so the second buyer's first message meets the limit at once. The
/// refill is long enough that a slow machine between the two first messages does not refill it.
/// </summary>
public sealed class OneNewChatFixture : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["KefuDesk:Limits:NewConversationsPerAddress:Burst"] = "1",
        ["KefuDesk:Limits:NewConversationsPerAddress:RefillSeconds"] = "12",
    };
}

/// <summary>A first message the shop cannot take yet waits calmly, says how long, and goes by itself.</summary>
public sealed class FirstMessageWaitTests(OneNewChatFixture fx) : IClassFixture<OneNewChatFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task A_first_message_past_the_new_chat_limit_shows_the_wait_and_is_sent_once_it_is_over()
    {
        // Both chats open first, so only the two sends lie between the first message and the second.
        await using var firstContext = await fx.NewContextAsync();
        var first = await fx.OpenDemoShopChatAsync(firstContext);
        await using var secondContext = await fx.NewContextAsync();
        var second = await fx.OpenDemoShopChatAsync(secondContext);

        await BrowserFixture.AskAsync(first, "这款杯子有现货吗？");
        await Expect(first.Locator("[data-pending]")).ToHaveCountAsync(0);
        await BrowserFixture.AskAsync(second, "请问今天能发货吗？");
        await Expect(By(second, "kefudesk-notice")).ToHaveTextAsync(new Regex("^现在咨询的人较多，请稍候再试（约 ([1-9]|1[0-2]) 秒后自动重试）$"));
        await Expect(second.Locator("[data-pending]")).ToHaveCountAsync(1);
        await Expect(By(second, "kefudesk-error")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(second, "widget-first-message-wait");

        // The wait over, it goes by itself, once; the note goes too. The first buyer was never held up.
        await Expect(second.Locator("[data-pending]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(By(second, "kefudesk-notice")).ToBeHiddenAsync();
        await Expect(By(second, "kefudesk-message").Filter(new() { HasText = "请问今天能发货吗？" })).ToHaveCountAsync(1);
        await BrowserFixture.AskAsync(first, "那我现在下单");
        await Expect(first.Locator("[data-pending]")).ToHaveCountAsync(0);
    }
}
