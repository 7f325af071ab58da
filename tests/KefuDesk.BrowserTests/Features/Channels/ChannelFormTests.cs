using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Channels;

/// <summary>
/// The owner connects the shop's mailbox on 渠道接入 with a form, not JSON: 测试连接 against the real
/// mail servers tells a wrong password per step, a wrong field is named, and the saved channel opens
/// again in the same form.
/// </summary>
public sealed class ChannelFormTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_owner_tests_and_connects_a_mailbox_with_the_form()
    {
        var (imapHost, imapPort) = Endpoint("KEFUDESK_TEST_IMAP");
        var (smtpHost, smtpPort) = Endpoint("KEFUDESK_TEST_SMTP");
        var password = Environment.GetEnvironmentVariable("KEFUDESK_TEST_MAIL_PASSWORD") is { Length: > 0 } p ? p : "kefudesk-mail";
        var address = $"shop-{Guid.NewGuid().ToString("N")[..8]}@example.test";

        await using var context = await fx.NewContextAsync();
        var admin = await fx.SignInAsync(context, DemoAccounts.Admin.UserName, DemoAccounts.Admin.Password);
        await admin.GotoAsync(fx.Url("/admin/channels"));
        await admin.Locator("[data-testid=channels-page][data-interactive=true]").WaitForAsync();
        await Expect(admin.Locator("textarea")).ToHaveCountAsync(0);

        var form = admin.Locator("[data-testid=channel-form]").First;
        await form.Locator("[data-testid=channel-kind]").SelectOptionAsync("Email");
        await Expect(form.Locator("[data-testid='field-imap.port']")).ToHaveValueAsync("993");
        await form.Locator("[data-testid=channel-name]").FillAsync("客服邮箱");
        await Field(form, "fromAddress", address);
        await Field(form, "imap.host", imapHost);
        await Field(form, "imap.port", imapPort);
        await form.Locator("[data-testid='field-imap.security']").SelectOptionAsync("none");
        await Field(form, "imap.userName", address);
        await Field(form, "smtp.host", smtpHost);
        await Field(form, "smtp.port", smtpPort);
        await form.Locator("[data-testid='field-smtp.security']").SelectOptionAsync("none");
        await Field(form, "smtp.userName", address);

        // A wrong password: both steps say so, nothing is connected.
        await form.Locator("[data-testid=channel-secret]").FillAsync("wrong-password");
        await form.Locator("[data-testid=channel-test]").ClickAsync();
        await Expect(form.Locator("[data-testid=channel-check]")).ToHaveAttributeAsync("data-ok", "false", new() { Timeout = 45_000 });
        await Expect(form.Locator("[data-testid=channel-check]")).ToContainTextAsync("✗ 收信（IMAP）登录");

        // A wrong field is named in the shop's words.
        await Field(form, "pollSeconds", "5");
        await form.Locator("[data-testid=channel-secret]").FillAsync(password);
        await form.Locator("[data-testid=channel-test]").ClickAsync();
        await Expect(form.Locator("[data-testid=channel-error-message]")).ToContainTextAsync("请检查「检查新邮件间隔（秒）」");

        await Field(form, "pollSeconds", "60");
        await form.Locator("[data-testid=channel-test]").ClickAsync();
        await Expect(form.Locator("[data-testid=channel-check]")).ToHaveAttributeAsync("data-ok", "true", new() { Timeout = 45_000 });
        await BrowserFixture.ScreenshotAsync(admin, "channels-email");

        await form.Locator("[data-testid=channel-add]").ClickAsync();
        var row = admin.Locator("[data-testid=channels] tr", new() { HasText = "客服邮箱" });
        await Expect(row).ToBeVisibleAsync();

        // Opened again: the same form with the saved values, the password kept unless typed anew.
        await row.Locator("[data-testid=channel-edit]").ClickAsync();
        var edit = admin.Locator("[data-testid=channels] [data-testid=channel-form]");
        await Expect(edit.Locator("[data-testid='field-imap.host']")).ToHaveValueAsync(imapHost);
        await Expect(edit.Locator("[data-testid=channel-secret]")).ToHaveAttributeAsync("placeholder", "留空则保持原密钥");
        await edit.Locator("[data-testid=channel-test]").ClickAsync();
        await Expect(edit.Locator("[data-testid=channel-check]")).ToHaveAttributeAsync("data-ok", "true", new() { Timeout = 45_000 });
        await admin.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(admin, "channels-page");

        // A 公众号 asks for its own fields, each with where to find it.
        await edit.GetByText("取消").ClickAsync();
        await Expect(edit).ToHaveCountAsync(0);
        var wechat = admin.Locator("[data-testid=channel-form]");
        await wechat.Locator("[data-testid=channel-kind]").SelectOptionAsync("WeChat");
        await wechat.Locator("[data-testid=channel-name]").FillAsync("小鹿优选服务号");
        await Field(wechat, "appId", "wx0123456789abcdef");
        await Field(wechat, "token", "KefuDeskToken2026");
        await Expect(wechat).ToContainTextAsync("AppSecret");
        await wechat.Locator("[data-testid=channel-add]").ScrollIntoViewIfNeededAsync();
        await Expect(admin.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await BrowserFixture.ScreenshotAsync(admin, "wechat-channel-form");
    }

    private static Task Field(ILocator form, string key, string value) => form.Locator($"[data-testid='field-{key}']").FillAsync(value);

    private static (string Host, string Port) Endpoint(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable) ?? throw new InvalidOperationException($"{variable} is not set (scripts/services.sh sets it)");
        var colon = value.LastIndexOf(':');
        return (value[..colon], value[(colon + 1)..]);
    }
}
