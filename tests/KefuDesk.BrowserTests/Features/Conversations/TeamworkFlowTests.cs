using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Conversations;

/// <summary>
/// A buyer with a photo, the pre-sales agent who takes it, and the after-sales colleague it is
/// handed to, in three browsers: photo, reply, internal note, transfer with a note, a recalled reply.
/// </summary>
public sealed class TeamworkFlowTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private const int PhotoWidth = 240;

    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    [Fact]
    public async Task A_photo_a_note_the_buyer_never_sees_a_transfer_with_a_note_and_a_recalled_reply()
    {
        const string note = "买家的榨汁杯盖子有裂痕,照片在上面,需要换货";
        const string handover = "换货请阿杰处理,买家很着急";
        const string wrongReply = "您好,我是售后阿杰,您的换货单号是 HX0000(写错了)";

        // Both agents are at work: 小美 (pre-sales) on the waiting list, 阿杰 (after-sales) on his own list.
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        await By(agent, "filter-unassigned").ClickAsync();
        await using var colleagueContext = await fx.NewContextAsync();
        var colleague = await fx.SignInAsync(colleagueContext, DemoAccounts.AfterSalesAgent.UserName, DemoAccounts.AfterSalesAgent.Password);
        await By(colleague, "filter-mine").ClickAsync();

        // A buyer on the demo shop writes about a cracked lid.
        await using var buyerContext = await fx.NewContextAsync();
        var buyer = await fx.OpenDemoShopChatAsync(buyerContext);
        await BrowserFixture.AskAsync(buyer, "你好,收到的榨汁杯盖子有裂痕,可以换吗?");

        // 小美 opens it from the waiting list.
        var waiting = agent.Locator("[data-testid=conversation-item]", new() { HasText = "榨汁杯盖子有裂痕" });
        await Expect(waiting).ToHaveCountAsync(1);
        await waiting.ClickAsync();
        await Expect(By(agent, "message").Last).ToContainTextAsync("榨汁杯盖子有裂痕");
        var conversationId = await agent.Locator("[data-testid=conversation-item].ws-item-on").GetAttributeAsync("data-conversation");

        // The buyer sends a photo from the paperclip; it shows in the widget once the shop has it.
        await By(buyer, "kefudesk-file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "盖子裂痕.png", MimeType = "image/png", Buffer = await PhotoAsync(),
        });
        var sentPhoto = buyer.Locator("[data-testid=kefudesk-message][data-kind=image]");
        await Expect(sentPhoto.Locator("[data-testid=kefudesk-image] img")).ToHaveJSPropertyAsync("naturalWidth", PhotoWidth);
        await Expect(buyer.Locator("[data-pending]")).ToHaveCountAsync(0);

        // 小美 sees the photo itself arrive in the open thread (loaded, not a broken link).
        var photo = By(agent, "message-image");
        await Expect(photo).ToHaveCountAsync(1);
        await Expect(photo).ToHaveJSPropertyAsync("naturalWidth", PhotoWidth);

        // She replies (which picks it up), then writes an internal note for the team.
        await WorkspacePage.ReplyAsync(agent, "亲,照片收到了,非常抱歉!我帮您转给售后同事办理换货。");
        await Expect(By(agent, "thread-status")).ToHaveTextAsync("接待中");
        await By(agent, "mode-note").ClickAsync();
        await Expect(By(agent, "mode-note")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("cmp-on"));
        await WorkspacePage.TypeAsync(agent, note);
        await By(agent, "send").ClickAsync();
        var noteInThread = agent.Locator("[data-testid=message][data-internal=true]", new() { HasText = note });
        await Expect(noteInThread).ToContainTextAsync("内部备注");
        await BrowserFixture.ScreenshotAsync(agent, "teamwork-agent-photo-and-note");

        // 转接 to 阿杰, with a note for him.
        await By(agent, "transfer").ClickAsync();
        var colleagueOption = agent.Locator("[data-testid=transfer-to] option", new() { HasText = "张杰（阿杰）" });
        await Expect(colleagueOption).ToContainTextAsync("在线");
        await By(agent, "transfer-to").SelectOptionAsync((await colleagueOption.GetAttributeAsync("value"))!);
        await By(agent, "transfer-note").FillAsync(handover);
        await By(agent, "confirm-transfer").ClickAsync();
        await Expect(By(agent, "transfer-panel")).ToHaveCountAsync(0);

        // The buyer is told who has them now; neither note ever reaches the widget.
        var buyerMessages = By(buyer, "kefudesk-messages");
        await Expect(buyerMessages).ToContainTextAsync("已为您转接到客服 阿杰");
        await Expect(buyer.Locator("[data-testid=kefudesk-message][data-sender=agent]")).ToContainTextAsync("照片收到了");
        await Expect(buyerMessages).Not.ToContainTextAsync(note);
        await Expect(buyerMessages).Not.ToContainTextAsync(handover);
        await Expect(buyerMessages).Not.ToContainTextAsync("内部备注");

        // 阿杰 finds it on his own list without a reload, opens it: the photo, 小美's note and the transfer note.
        var handed = colleague.Locator($"[data-testid=conversation-item][data-conversation='{conversationId}']");
        await Expect(handed).ToHaveCountAsync(1);
        await handed.ClickAsync();
        await Expect(By(colleague, "thread-status")).ToHaveTextAsync("接待中");
        await Expect(By(colleague, "message-image")).ToHaveJSPropertyAsync("naturalWidth", PhotoWidth);
        await Expect(colleague.Locator("[data-testid=message][data-internal=true]", new() { HasText = note })).ToHaveCountAsync(1);
        await Expect(colleague.Locator("[data-testid=message][data-internal=true]", new() { HasText = handover })).ToContainTextAsync("转接备注");

        // He sends a wrong order number and takes it back (撤回) at once.
        await WorkspacePage.ReplyAsync(colleague, wrongReply);
        await Expect(buyer.Locator("[data-testid=kefudesk-message][data-sender=agent]").Last).ToContainTextAsync("HX0000");
        var wrong = colleague.Locator("[data-testid=message]", new() { HasText = wrongReply });
        await wrong.Locator("[data-testid=recall]").ClickAsync();
        await Expect(colleague.Locator("[data-testid=message][data-recalled=true] [data-testid=recalled]")).ToContainTextAsync("阿杰 撤回了一条消息");

        // The buyer's widget shows the recalled line in its place, not the words.
        await Expect(buyer.Locator("[data-testid=kefudesk-message][data-recalled=true]")).ToContainTextAsync("消息已撤回");
        await Expect(buyerMessages).Not.ToContainTextAsync("HX0000");
        await Expect(sentPhoto).ToHaveCountAsync(1);

        await BrowserFixture.ScreenshotAsync(colleague, "teamwork-colleague-after-recall");
        await BrowserFixture.ScreenshotAsync(buyer, "teamwork-buyer-widget");
    }

    /// <summary>A photo of the cracked lid, drawn by the browser (a PNG of <see cref="PhotoWidth"/> × 160 pixels).</summary>
    private async Task<byte[]> PhotoAsync()
    {
        var studio = await fx.Browser.NewPageAsync(new BrowserNewPageOptions { DeviceScaleFactor = 1 });
        await studio.SetContentAsync(
            $"<div id=photo style='width:{PhotoWidth}px;height:160px;display:flex;align-items:center;justify-content:center;" +
            "background:linear-gradient(135deg,#d9c7a7,#8a7455);color:#fff;font:20px sans-serif'>榨汁杯盖子 · 裂痕</div>");
        var png = await studio.Locator("#photo").ScreenshotAsync();
        await studio.CloseAsync();
        return png;
    }
}
