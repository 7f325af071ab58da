using System.Text.RegularExpressions;
using KefuDesk.BrowserTests.Features.Widget;
using KefuDesk.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Conversations;

/// <summary>转接 as an agent chooses: who is at the desk with room, and no buyer told a name that will not answer.</summary>
public sealed class TransferListTests(RoutingOnFixture fx) : IClassFixture<RoutingOnFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task An_absent_colleague_cannot_be_chosen_and_once_at_the_desk_takes_the_buyer_who_is_told_so_once()
    {
        var (key, xiaoyu) = await ShopWithOwnAgent.CreateAsync(fx, "xfer", seats: 5);
        var ajie = await ShopWithOwnAgent.AddAgentAsync(fx, key, "张杰", "阿杰", seats: 5);
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, xiaoyu.UserName, xiaoyu.Password);

        var buyer = await fx.BuyerWritesAsync(fx.Url("/demo-shop/" + key), "我要退货，找售后");
        var welcome = buyer.Locator("[data-testid=kefudesk-message][data-sender=bot]", new() { HasText = "欢迎光临" });
        await Expect(welcome).ToHaveCountAsync(1);

        // 小雨 has the buyer; 阿杰 has no workspace open: listed as 离线, not to be chosen.
        await By(agent, "filter-waiting").ClickAsync();
        await By(agent, "conversation-item").First.ClickAsync();
        await By(agent, "transfer").ClickAsync();
        var option = agent.Locator("[data-testid=transfer-to] option", new() { HasText = "张杰（阿杰）" });
        await Expect(option).ToContainTextAsync("离线");
        await Expect(option).ToBeDisabledAsync();
        await Expect(By(agent, "transfer-nobody")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(agent, "workspace-transfer-absent");

        // 阿杰 opens the workspace: now 在线 with free seats, chosen and given the buyer.
        await using var colleagueContext = await fx.NewContextAsync();
        await fx.SignInAsync(colleagueContext, ajie.UserName, ajie.Password);
        await agent.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await By(agent, "transfer").ClickAsync();
        await Expect(option).ToContainTextAsync(new Regex("在线 0/5"));
        await Expect(option).ToBeEnabledAsync();
        await By(agent, "transfer-to").SelectOptionAsync((await option.GetAttributeAsync("value"))!);
        await By(agent, "confirm-transfer").ClickAsync();
        await Expect(By(agent, "transfer-panel")).ToHaveCountAsync(0);

        await Expect(buyer.Locator("[data-testid=kefudesk-message]", new() { HasText = "已为您转接到客服 阿杰" })).ToHaveCountAsync(1);
        await Expect(welcome).ToHaveCountAsync(1);
        await buyer.Context.CloseAsync();
    }

    [Fact]
    public async Task Closing_a_conversation_asks_once_and_then_leaves_no_reply_box()
    {
        var (key, xiaoyu) = await ShopWithOwnAgent.CreateAsync(fx, "close", seats: 5);
        var lead = await ShopWithOwnAgent.AddAgentAsync(fx, key, "王主管", "王姐", seats: 5, role: KefuDesk.Features.Identity.StaffRoles.Supervisor);
        await using var agentContext = await fx.NewContextAsync();
        await fx.SignInAsync(agentContext, xiaoyu.UserName, xiaoyu.Password);
        var buyer = await fx.BuyerWritesAsync(fx.Url("/demo-shop/" + key), "加我微信聊，给你便宜");

        // The supervisor closes the spam conversation: asked once, then no reply box, only a note.
        await using var leadContext = await fx.NewContextAsync();
        var supervisor = await fx.SignInAsync(leadContext, lead.UserName, lead.Password);
        await By(supervisor, "filter-all").ClickAsync();
        await supervisor.Locator("[data-testid=conversation-item]", new() { HasText = "加我微信聊" }).ClickAsync();
        await Expect(By(supervisor, "composer")).ToBeVisibleAsync();
        await By(supervisor, "close").ClickAsync();
        await Expect(By(supervisor, "close-confirm")).ToContainTextAsync("确定关闭？");
        await By(supervisor, "close-yes").ClickAsync();
        await Expect(By(supervisor, "closed-note")).ToBeVisibleAsync();
        await Expect(By(supervisor, "composer")).ToHaveCountAsync(0);
        await Expect(By(supervisor, "close")).ToHaveCountAsync(0);
        await buyer.Context.CloseAsync();
    }
}
