using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Shop;

/// <summary>
/// A new buyer asks before buying: nothing bought or talked about yet; the agent finds the product,
/// sends its card, and it heads the buyer's recent products as 聊过.
/// </summary>
public sealed class ProductPanelTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task An_agent_finds_a_product_for_a_new_buyer_sends_its_card_and_it_shows_as_talked_about()
    {
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        await By(agent, "filter-unassigned").ClickAsync();

        await using var buyerContext = await fx.NewContextAsync();
        var buyer = await fx.OpenDemoShopChatAsync(buyerContext);
        await BrowserFixture.AskAsync(buyer, "你们家有降噪耳机吗?通勤用");

        await agent.Locator("[data-testid=conversation-item]", new() { HasText = "降噪耳机" }).ClickAsync();
        var panel = By(agent, "buyer-products");
        await Expect(panel).ToContainTextAsync("买家还没有买过或聊过商品");

        await By(agent, "product-search").FillAsync("耳机");
        var earbuds = panel.Locator("[data-testid=product]", new() { HasText = "无线降噪蓝牙耳机" });
        await Expect(earbuds).ToHaveCountAsync(1);
        await Expect(earbuds.Locator("[data-testid=product-reason]")).ToHaveCountAsync(0); // found, not recent
        await earbuds.Locator("[data-testid=send-product-card]").ClickAsync();
        await Expect(buyer.Locator("[data-testid=kefudesk-product]", new() { HasText = "无线降噪蓝牙耳机" })).ToHaveCountAsync(1);

        // With the search cleared, the buyer's recent products: the card just sent, as 聊过.
        await By(agent, "product-search").FillAsync("");
        await Expect(panel).ToContainTextAsync("买家最近买过、聊过");
        await Expect(panel.Locator("[data-testid=product]")).ToHaveCountAsync(1);
        await Expect(earbuds.Locator("[data-testid=product-reason]")).ToHaveTextAsync("聊过");
        await BrowserFixture.ScreenshotAsync(agent, "workspace-products-talked-about");
    }
}
