using System.Net;
using System.Net.Http.Json;
using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Demo;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Widget;

/// <summary>What the buyer fills in inside the widget: the shop's pre-chat form (售前信息) and the rating card, in two tabs.</summary>
public sealed class BuyerFormTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    private async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> read)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    [Fact]
    public async Task A_required_pre_chat_form_must_be_filled_a_bad_phone_is_pointed_out_and_the_agent_sees_name_and_masked_phone()
    {
        // The JD shop asks for a name and a mobile number before chatting (its agents are not online yet).
        await using (var admin = await ShopAdmin.SignInAsync(fx.App))
        {
            await admin.ChangeAsync(DemoAccounts.SecondShopKey,
                new { preChat = new { enabled = true, askName = true, askPhone = true, askEmail = false, required = true } });
        }

        await using var context = await fx.NewContextAsync();
        var buyer = await context.NewPageAsync();
        await buyer.GotoAsync(fx.Url("/demo-shop/" + DemoAccounts.SecondShopKey));
        await By(buyer, "kefudesk-launcher").ClickAsync();

        // The form stands where the message box would be: no 跳过, nothing to type a message into.
        await Expect(By(buyer, "kefudesk-prechat")).ToBeVisibleAsync();
        await Expect(By(buyer, "kefudesk-input")).ToBeHiddenAsync();
        await Expect(By(buyer, "kefudesk-prechat-skip")).ToHaveCountAsync(0);
        await By(buyer, "kefudesk-prechat-submit").ClickAsync();
        await Expect(By(buyer, "kefudesk-prechat-name-error")).ToHaveTextAsync("请填写姓名");
        await Expect(By(buyer, "kefudesk-prechat-phone-error")).ToHaveTextAsync("请填写手机号");

        // A phone number the server refuses: said beside the phone field; what was typed stays.
        await By(buyer, "kefudesk-prechat-name").FillAsync("李女士");
        await By(buyer, "kefudesk-prechat-phone").FillAsync("138-0013-80x0");
        await By(buyer, "kefudesk-prechat-submit").ClickAsync();
        await Expect(By(buyer, "kefudesk-prechat-phone-error")).ToHaveTextAsync("请填写正确的手机号");
        await Expect(By(buyer, "kefudesk-prechat-name-error")).ToBeHiddenAsync();
        await Expect(By(buyer, "kefudesk-prechat-name")).ToHaveValueAsync("李女士");
        await Expect(By(buyer, "kefudesk-prechat-phone")).ToHaveValueAsync("138-0013-80x0");

        await By(buyer, "kefudesk-prechat-phone").FillAsync("138 0013 8000");
        await By(buyer, "kefudesk-prechat-submit").ClickAsync();
        await Expect(By(buyer, "kefudesk-prechat")).ToHaveCountAsync(0);
        await By(buyer, "kefudesk-input").FillAsync("空气炸锅能用烘焙纸吗?");
        await By(buyer, "kefudesk-input").PressAsync("Enter");
        await Expect(By(buyer, "kefudesk-message").Last).ToContainTextAsync("空气炸锅能用烘焙纸吗?");
        await Expect(buyer.Locator("[data-pending]")).ToHaveCountAsync(0);

        // Filled in once: not asked again after a reload.
        await buyer.ReloadAsync();
        await By(buyer, "kefudesk-launcher").ClickAsync();
        await Expect(By(buyer, "kefudesk-message")).ToHaveCountAsync(1);
        await Expect(By(buyer, "kefudesk-input")).ToBeVisibleAsync();
        await Expect(By(buyer, "kefudesk-prechat")).ToHaveCountAsync(0);

        // An agent of the shop (not a supervisor) sees the name, and the phone masked as everywhere in the panel.
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.AfterSalesAgent.UserName, DemoAccounts.AfterSalesAgent.Password);
        var item = agent.Locator("[data-testid=conversation-item]", new() { HasText = "李女士" });
        await Expect(item).ToHaveCountAsync(1);
        await item.ClickAsync();
        var panel = agent.Locator("[data-testid=customer-panel]");
        await Expect(panel).ToContainTextAsync("李女士");
        await Expect(panel).ToContainTextAsync("138****8000");
        await Expect(panel).Not.ToContainTextAsync("13800138000");
    }

    [Fact]
    public async Task A_rating_given_in_one_tab_shows_as_answered_in_the_buyers_other_tab()
    {
        await using var context = await fx.NewContextAsync();
        var first = await context.NewPageAsync();
        await first.GotoAsync(fx.Url("/demo-shop"));
        await By(first, "kefudesk-launcher").ClickAsync();
        await By(first, "kefudesk-input").FillAsync("保温杯的刻字要多加钱吗?");
        await By(first, "kefudesk-input").PressAsync("Enter");
        await Expect(first.Locator("[data-pending]")).ToHaveCountAsync(0);

        // The same buyer has the shop open in a second tab too.
        var second = await context.NewPageAsync();
        await second.GotoAsync(fx.Url("/demo-shop"));
        await By(second, "kefudesk-launcher").ClickAsync();
        await Expect(By(second, "kefudesk-message")).ToContainTextAsync(["保温杯的刻字要多加钱吗?"]);

        // The agent answers and ends the conversation; the buyer is invited to rate, in both tabs.
        var conversationId = await InDbAsync(db => db.Messages.Where(m => m.Body == "保温杯的刻字要多加钱吗?").Select(m => m.ConversationId).SingleAsync());
        var categoryId = await InDbAsync(db => db.ConsultationCategories.Where(c => c.Name == "库存现货").Select(c => c.Id).FirstAsync());
        await using (var agent = await DemoStaff.SignInAsync(fx.App, DemoAccounts.Agent))
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.Http.PostAsync($"/api/conversations/{conversationId}/claim", null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
                new { clientMessageId = Guid.NewGuid().ToString(), body = "刻字免费的亲" }, Json.Options)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/resolve",
                new ResolveBody(categoryId, "问刻字费用,已答复免费", null), Json.Options)).StatusCode);
        }

        await Expect(By(first, "kefudesk-survey")).ToHaveCountAsync(1);
        await Expect(By(second, "kefudesk-survey")).ToHaveCountAsync(1);
        await Expect(By(second, "kefudesk-survey")).Not.ToHaveAttributeAsync("data-answered", new System.Text.RegularExpressions.Regex(".+"));

        await By(first, "kefudesk-rating").And(first.Locator("[data-rating=verySatisfied]")).ClickAsync();
        await By(first, "kefudesk-survey-submit").ClickAsync();
        await Expect(By(first, "kefudesk-survey")).ToHaveAttributeAsync("data-answered", "verySatisfied");

        // The other tab was not reloaded: the push turned its card to answered.
        await Expect(By(second, "kefudesk-survey")).ToHaveAttributeAsync("data-answered", "verySatisfied");
        await Expect(By(second, "kefudesk-survey")).ToContainTextAsync("非常满意");
        await Expect(By(second, "kefudesk-survey-submit")).ToHaveCountAsync(0);
    }
}
