using System.Net;
using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Demo;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Widget;

/// <summary>
/// The widget on a shop's own website, another origin than KefuDesk: allowed when 店铺设置 lists the
/// site, refused clearly when not, and with the site's signed identity the buyer is the shop's member.
/// </summary>
public sealed class ShopSiteEmbeddingTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    private async Task SendAsync(IPage buyer, string text)
    {
        await By(buyer, "kefudesk-input").FillAsync(text);
        await By(buyer, "kefudesk-input").PressAsync("Enter");
        await Expect(By(buyer, "kefudesk-message").Filter(new() { HasText = text })).ToHaveCountAsync(1);
    }

    private async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> read)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    /// <summary>Whose conversation a message the buyer typed landed in.</summary>
    private Task<Customer> CustomerOfAsync(string body) =>
        InDbAsync(db => db.Messages.Where(m => m.Body == body)
            .Join(db.Conversations, m => m.ConversationId, c => c.Id, (_, c) => c.CustomerId)
            .Join(db.Customers, id => id, c => c.Id, (_, c) => c).SingleAsync());

    [Fact]
    public async Task A_listed_site_embeds_the_widget_and_the_buyer_chats_with_an_agent_and_sees_unread_replies_on_the_launcher()
    {
        await using var site = await ShopSite.StartAsync(fx.App.BaseAddress);
        await using (var admin = await ShopAdmin.SignInAsync(fx.App))
        {
            await admin.ChangeAsync(DemoAccounts.ShopKey, new { allowedOrigins = new[] { site.Origin } });
        }

        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);

        // The buyer is on the brand's own site: another origin than KefuDesk.
        await using var buyerContext = await fx.NewContextAsync();
        var buyer = await buyerContext.NewPageAsync();
        await buyer.GotoAsync(site.PageUrl(DemoAccounts.ShopKey));
        Assert.NotEqual(new Uri(fx.App.BaseAddress.ToString()).GetLeftPart(UriPartial.Authority), new Uri(buyer.Url).GetLeftPart(UriPartial.Authority));
        await By(buyer, "kefudesk-launcher").ClickAsync();
        await Expect(By(buyer, "kefudesk-status")).ToHaveAttributeAsync("data-state", "online");
        await SendAsync(buyer, "我在品牌官网上看到新款耳机,有现货吗?");
        await Expect(buyer.Locator("[data-pending]")).ToHaveCountAsync(0);

        // An agent is online: no 留言 banner; the agent picks it up and answers.
        await Expect(By(buyer, "kefudesk-offline")).ToBeHiddenAsync();
        await agent.ClickAsync("[data-testid=filter-unassigned]");
        var item = agent.Locator("[data-testid=conversation-item]", new() { HasText = "品牌官网上看到新款耳机" });
        await item.ClickAsync();
        await Expect(agent.Locator("[data-testid=message]").Last).ToContainTextAsync("品牌官网上看到新款耳机");
        await WorkspacePage.ReplyAsync(agent, "有现货的亲,今天下单今天发。");
        await Expect(buyer.Locator("[data-testid=kefudesk-message][data-sender=agent]")).ToContainTextAsync("今天下单今天发");

        // With the chat closed, the next reply shows as a count on the launcher, and goes once it is read.
        await By(buyer, "kefudesk-close").ClickAsync();
        await Expect(By(buyer, "kefudesk-badge")).ToBeHiddenAsync();
        await WorkspacePage.ReplyAsync(agent, "顺丰包邮哦。");
        await Expect(By(buyer, "kefudesk-badge")).ToHaveTextAsync("1");
        await By(buyer, "kefudesk-launcher").ClickAsync();
        await Expect(buyer.Locator("[data-testid=kefudesk-message][data-sender=agent]").Last).ToContainTextAsync("顺丰包邮");
        await By(buyer, "kefudesk-close").ClickAsync();
        await Expect(By(buyer, "kefudesk-badge")).ToBeHiddenAsync();

        // A reply that comes while the buyer has left the site shows on the launcher when they come back.
        await buyer.CloseAsync();
        await WorkspacePage.ReplyAsync(agent, "给您备注了赠品耳机包~");
        var back = await buyerContext.NewPageAsync();
        await back.GotoAsync(site.PageUrl(DemoAccounts.ShopKey));
        await Expect(By(back, "kefudesk-badge")).ToHaveTextAsync("1");
        await By(back, "kefudesk-launcher").ClickAsync();
        await Expect(back.Locator("[data-testid=kefudesk-message][data-sender=agent]").Last).ToContainTextAsync("赠品耳机包");
        await By(back, "kefudesk-close").ClickAsync();
        await Expect(By(back, "kefudesk-badge")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_site_nobody_listed_shows_a_clear_failure_and_the_api_refuses_its_origin()
    {
        await using var site = await ShopSite.StartAsync(fx.App.BaseAddress);
        await using var context = await fx.NewContextAsync();
        var buyer = await context.NewPageAsync();
        var warned = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        buyer.Console += (_, m) =>
        {
            if (m.Type == "warning" && m.Text.Contains("origin_not_allowed"))
            {
                warned.TrySetResult(m.Text);
            }
        };
        await buyer.GotoAsync(site.PageUrl(DemoAccounts.ShopKey));
        await By(buyer, "kefudesk-launcher").ClickAsync();

        // The buyer is told plainly; there is no message box to type into in vain.
        await Expect(By(buyer, "kefudesk-status")).ToHaveAttributeAsync("data-state", "refused");
        await Expect(By(buyer, "kefudesk-error")).ToContainTextAsync("本网站暂未开通在线客服");
        await Expect(By(buyer, "kefudesk-input")).ToBeHiddenAsync();
        // The site's developer finds what to do in the console.
        var warning = await warned.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Contains(site.Origin, warning);
        Assert.Contains("/admin/shops", warning);

        // What the browser was refused: the API answers 403 origin_not_allowed for this origin.
        var (http, _) = Clients.Http(fx.App);
        var session = new HttpRequestMessage(HttpMethod.Post, "/api/widget/sessions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { widgetKey = DemoAccounts.ShopKey }),
        };
        session.Headers.Add("Origin", site.Origin);
        await (await http.SendAsync(session)).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_not_allowed");
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/widget/sessions");
        preflight.Headers.Add("Origin", site.Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        await (await http.SendAsync(preflight)).AssertProblemAsync(HttpStatusCode.Forbidden, "origin_not_allowed");
    }

    [Fact]
    public async Task A_member_signed_by_the_site_is_one_customer_on_two_devices_and_a_forged_signature_stays_anonymous()
    {
        await using var site = await ShopSite.StartAsync(fx.App.BaseAddress);
        await using (var admin = await ShopAdmin.SignInAsync(fx.App))
        {
            await admin.ChangeAsync(DemoAccounts.ShopKey, new { allowedOrigins = new[] { site.Origin } });
            site.Secret = await admin.WidgetSecretAsync(DemoAccounts.ShopKey);
        }

        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        var member = "vip-" + Guid.NewGuid().ToString("N")[..8];

        // Signed in on the brand site on a computer…
        await using var computer = await fx.NewContextAsync();
        var first = await computer.NewPageAsync();
        await first.GotoAsync(site.PageUrl(DemoAccounts.ShopKey, member, "王小明"));
        await By(first, "kefudesk-launcher").ClickAsync();
        await SendAsync(first, "会员问一下积分怎么兑换");
        await Expect(first.Locator("[data-pending]")).ToHaveCountAsync(0);

        // …and later on a phone (another browser altogether): the same member, the same conversation.
        await using var phone = await fx.NewContextAsync();
        var second = await phone.NewPageAsync();
        await second.GotoAsync(site.PageUrl(DemoAccounts.ShopKey, member, "王小明"));
        await By(second, "kefudesk-launcher").ClickAsync();
        await Expect(By(second, "kefudesk-message").Filter(new() { HasText = "积分怎么兑换" })).ToHaveCountAsync(1);
        await SendAsync(second, "手机上接着问:积分会过期吗");
        await Expect(second.Locator("[data-pending]")).ToHaveCountAsync(0);

        var onComputer = await CustomerOfAsync("会员问一下积分怎么兑换");
        var onPhone = await CustomerOfAsync("手机上接着问:积分会过期吗");
        Assert.Equal(onComputer.Id, onPhone.Id);
        Assert.Equal((CustomerKind.Known, "王小明"), (onComputer.Kind, onComputer.DisplayName));

        // The agent sees the member by name.
        await agent.ClickAsync("[data-testid=filter-unassigned]");
        var item = agent.Locator("[data-testid=conversation-item]", new() { HasText = "王小明" });
        await Expect(item).ToHaveCountAsync(1);
        await item.ClickAsync();
        await Expect(agent.Locator("[data-testid=customer-panel]")).ToContainTextAsync("王小明");
        await Expect(agent.Locator("[data-testid=message]").Last).ToContainTextAsync("积分会过期吗");

        // A page whose signature is not the shop's: the chat still works, as an anonymous visitor.
        await using var forger = await fx.NewContextAsync();
        var forged = await forger.NewPageAsync();
        var warned = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        forged.Console += (_, m) =>
        {
            if (m.Type == "warning" && m.Text.Contains("identity_invalid"))
            {
                warned.TrySetResult(m.Text);
            }
        };
        await forged.GotoAsync(site.PageUrl(DemoAccounts.ShopKey, member, "王小明", forged: true));
        await By(forged, "kefudesk-launcher").ClickAsync();
        await Expect(By(forged, "kefudesk-status")).ToHaveAttributeAsync("data-state", "online");
        await Expect(By(forged, "kefudesk-message")).ToHaveCountAsync(0); // not the member's history
        await SendAsync(forged, "我是冒充的会员");
        await Expect(forged.Locator("[data-pending]")).ToHaveCountAsync(0);
        Assert.Contains(member, await warned.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        var anonymous = await CustomerOfAsync("我是冒充的会员");
        Assert.NotEqual(onComputer.Id, anonymous.Id);
        Assert.Equal(CustomerKind.Visitor, anonymous.Kind);
        Assert.Null(anonymous.DisplayName);
    }
}
