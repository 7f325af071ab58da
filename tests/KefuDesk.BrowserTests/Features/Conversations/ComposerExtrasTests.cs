using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Conversations;

/// <summary>Emoji on both sides of the chat, and @ in an internal note offering the shop's colleagues.</summary>
public sealed class ComposerExtrasTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task Buyer_and_agent_send_emoji_and_the_agent_mentions_a_colleague_from_the_suggestions()
    {
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        await By(agent, "filter-unassigned").ClickAsync();

        // The buyer picks an emoji from the widget's grid: it goes in where they were typing.
        await using var buyerContext = await fx.NewContextAsync();
        var buyer = await fx.OpenDemoShopChatAsync(buyerContext);
        await By(buyer, "kefudesk-input").FillAsync("收到货了，很喜欢");
        await By(buyer, "kefudesk-emoji").ClickAsync();
        await Expect(By(buyer, "kefudesk-emoji-picker")).ToBeVisibleAsync();
        await buyer.Locator("[data-testid=kefudesk-emoji-choice]", new() { HasText = "😍" }).ClickAsync();
        await Expect(By(buyer, "kefudesk-emoji-picker")).ToBeHiddenAsync();
        await Expect(By(buyer, "kefudesk-input")).ToHaveValueAsync("收到货了，很喜欢😍");
        await By(buyer, "kefudesk-input").PressAsync("Enter");

        var item = agent.Locator("[data-testid=conversation-item]", new() { HasText = "很喜欢" });
        await item.ClickAsync();
        await Expect(agent.Locator("[data-testid=message]", new() { HasText = "很喜欢😍" })).ToBeVisibleAsync();

        // The agent answers with one too.
        await WorkspacePage.TypeAsync(agent, "谢谢亲的支持");
        await By(agent, "emoji-toggle").ClickAsync();
        await agent.Locator("[data-testid=emoji]", new() { HasText = "🌹" }).ClickAsync();
        await Expect(By(agent, "composer")).ToHaveValueAsync("谢谢亲的支持🌹");
        await By(agent, "send").ClickAsync();
        await Expect(buyer.Locator("[data-testid=kefudesk-message][data-sender=agent]", new() { HasText = "谢谢亲的支持🌹" })).ToBeVisibleAsync();

        // In a note, @ offers the shop's colleagues; choosing one writes their nickname.
        await By(agent, "mode-note").ClickAsync();
        await agent.Locator("[data-testid=composer]").PressSequentiallyAsync("@阿");
        var suggestion = agent.Locator("[data-testid=mention]", new() { HasText = DemoAccounts.AfterSalesAgent.Nickname });
        await Expect(suggestion).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=mention]", new() { HasText = DemoAccounts.Agent.Nickname })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(agent, "workspace-mention");
        await suggestion.ClickAsync();
        await Expect(By(agent, "composer")).ToHaveValueAsync($"@{DemoAccounts.AfterSalesAgent.Nickname} ");
        await Expect(By(agent, "mention-list")).ToHaveCountAsync(0);
    }
}
