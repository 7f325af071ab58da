using System.Net.Http.Headers;
using System.Net.Http.Json;
using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Demo;
using KefuDesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Widget;

/// <summary>
/// A node whose flood limit refills slowly (one message every two seconds after the burst of ten),
/// so a fast typist meets it however slow the test machine is.
/// </summary>
public sealed class SlowRefillFixture : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["KefuDesk:BuyerMessageBurst"] = "10",
        ["KefuDesk:BuyerMessagesPerSecond"] = "0.5",
    };
}

/// <summary>The widget when nobody of the shop is online (留言), and when the buyer sends faster than the shop allows.</summary>
public sealed class OfflineAndFloodTests(SlowRefillFixture fx) : IClassFixture<SlowRefillFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task With_nobody_online_the_buyer_leaves_a_message_with_a_phone_and_the_agent_signing_in_sees_it_first_under_liuyan()
    {
        // Nobody who serves the JD shop is signed in.
        await using var context = await fx.NewContextAsync();
        var buyer = await context.NewPageAsync();
        await buyer.GotoAsync(fx.Url("/demo-shop/" + DemoAccounts.SecondShopKey));
        await By(buyer, "kefudesk-launcher").ClickAsync();
        await Expect(By(buyer, "kefudesk-offline")).ToContainTextAsync("客服暂时不在线，请留言，我们上线后会尽快回复");
        // Connected, but nobody is here: the head says so (amber), not a green 已连接 above the banner.
        await Expect(By(buyer, "kefudesk-status")).ToHaveTextAsync("客服暂不在线，可留言");
        await Expect(By(buyer, "kefudesk-status")).ToHaveAttributeAsync("data-unstaffed", "");

        // The shop does not know how to reach this visitor: phone and email are offered beside the message.
        await Expect(By(buyer, "kefudesk-contact")).ToBeVisibleAsync();
        await By(buyer, "kefudesk-contact-phone").FillAsync("139 1234 5678");
        await BrowserFixture.AskAsync(buyer, "订单明天能送到吗?我白天不在家,请打电话给我");
        await Expect(buyer.Locator("[data-testid=kefudesk-message]", new() { HasText = "白天不在家" })).ToBeVisibleAsync();
        await Expect(buyer.Locator("[data-pending]")).ToHaveCountAsync(0);
        await Expect(By(buyer, "kefudesk-contact-saved")).ToBeVisibleAsync();
        await Expect(By(buyer, "kefudesk-contact")).ToHaveCountAsync(0);

        // Another buyer, on a phone, writes without leaving details: the form folds to one line after the
        // message, and opens again from it.
        await using (var phoneContext = await fx.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "zh-CN", IsMobile = true, HasTouch = true }))
        {
            var phone = await phoneContext.NewPageAsync();
            await phone.GotoAsync(fx.Url("/demo-shop/" + DemoAccounts.SecondShopKey));
            await By(phone, "kefudesk-launcher").ClickAsync();
            await Expect(By(phone, "kefudesk-contact-phone")).ToBeVisibleAsync();
            await BrowserFixture.AskAsync(phone, "退货地址是哪里？");
            await Expect(phone.Locator("[data-pending]")).ToHaveCountAsync(0);
            await Expect(By(phone, "kefudesk-contact-saved")).ToHaveTextAsync("已收到您的留言，客服上线后会第一时间回复您。");
            await Expect(By(phone, "kefudesk-contact-phone")).ToBeHiddenAsync();
            await Expect(By(phone, "kefudesk-contact-open")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(phone, "widget-left-message-phone");
            await By(phone, "kefudesk-contact-open").ClickAsync();
            await Expect(By(phone, "kefudesk-contact-phone")).ToBeVisibleAsync();
        }

        // The after-sales agent signs in: 留言 comes first, with this message in it.
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.AfterSalesAgent.UserName, DemoAccounts.AfterSalesAgent.Password);
        await Expect(agent.Locator("[data-testid=filter-offline]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("lf-on"));
        // (The phone buyer's 留言 is there too.)
        var first = agent.Locator("[data-testid=conversation-item]", new() { HasText = "白天不在家" });
        await Expect(first).ToBeVisibleAsync();
        await Expect(first.Locator("[data-testid=offline-mark]")).ToBeVisibleAsync();
        await first.ClickAsync();
        await Expect(agent.Locator("[data-testid=customer-panel]")).ToContainTextAsync("139****5678");

        // The agent answers: the buyer hears back, and the banner goes (someone is here now).
        await Expect(agent.Locator("[data-testid=message]", new() { HasText = "白天不在家" })).ToBeVisibleAsync();
        await WorkspacePage.ReplyAsync(agent, "好的亲,已备注快递员送货前电话联系您。");
        await Expect(buyer.Locator("[data-testid=kefudesk-message][data-sender=agent]")).ToContainTextAsync("送货前电话联系您");
        await Expect(By(buyer, "kefudesk-offline")).ToBeHiddenAsync();
        await Expect(By(buyer, "kefudesk-status")).ToHaveTextAsync("已连接");
    }

    [Fact]
    public async Task Fifteen_messages_typed_very_fast_meet_the_flood_limit_gently_and_all_arrive_once_in_order()
    {
        await using var context = await fx.NewContextAsync();
        var buyer = await fx.OpenDemoShopChatAsync(context);

        var input = By(buyer, "kefudesk-input");
        var sent = Enumerable.Range(1, 15).Select(i => $"快问快答第{i}条").ToList();
        foreach (var text in sent)
        {
            await input.FillAsync(text);
            await input.PressAsync("Enter");
        }

        // Past the burst the shop asks the widget to slow down: a gentle note, the rest wait their turn.
        await Expect(By(buyer, "kefudesk-notice")).ToHaveTextAsync("发送太频繁，请稍候");
        await Expect(buyer.Locator("[data-pending]")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(By(buyer, "kefudesk-notice")).ToBeHiddenAsync();
                await Expect(By(buyer, "kefudesk-message")).ToHaveCountAsync(15);

        // What the server stored, asked as the buyer: each exactly once, in the order typed.
        var token = await buyer.EvaluateAsync<string>("() => localStorage.getItem('kefudesk:demo:token')");
        var (http, _) = Clients.Http(fx.App);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var thread = await http.GetFromJsonAsync<BuyerThread>("/api/widget/thread", Json.Options);
        Assert.Equal(sent, thread!.Messages.Where(m => m.Sender == SenderKind.Customer).Select(m => m.Body).ToList());
    }
}
