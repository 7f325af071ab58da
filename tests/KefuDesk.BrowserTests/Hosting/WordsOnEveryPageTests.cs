using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.AfterSales;
using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.Demo;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KefuDesk.BrowserTests.Hosting;

/// <summary>
/// Every page an admin can open, in Chinese and in English, as the demo shop fills it: no resource key
/// that failed to resolve (<c>History.conversation.queued</c>), no placeholder left unfilled (<c>{0}</c>),
/// no error code (<c>transfer_agent_unavailable</c>) and, on the Chinese screen, no programmer's
/// PascalCase word (<c>AgentOffline</c>) reaches the screen.
/// </summary>
public sealed class WordsOnEveryPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Pages =
    [
        "/workspace", "/conversations", "/supervisor/board", "/orders", "/orders/reminders", "/orders/approvals",
        "/after-sales", "/after-sales/complaints", "/after-sales/reviews", "/customers", "/knowledge", "/quality", "/reports",
        "/workforce", "/training", "/admin", "/admin/shops", "/admin/shop-data", "/admin/channels", "/admin/routing", "/admin/audit",
        "/no-such-page",
    ];

    // Names of things, not code: products, protocols and the fields 公众平台 itself shows in Latin letters.
    private static readonly HashSet<string> KnownWords =
    [
        "KefuDesk", "AppID", "AppSecret", "WeChat", "EncodingAESKey", "OpenAPI", "JavaScript", "PostgreSQL", "SQLite", "QQ",
    ];

    [Fact]
    public async Task No_page_shows_a_key_a_placeholder_or_a_code_in_either_language()
    {
        // The detector itself finds each kind of slip (the words the issue found on the screen).
        Assert.Equal(4, Problems("会话历史：History.conversation.queued，排队 {0}，transfer_agent_unavailable，AgentOffline。", chinese: true).Count());
        Assert.Empty(Problems("KefuDesk 网店客服系统，AppID：wx0123456789abcdef，api.weixin.qq.com", chinese: true));

        var pages = Pages.Concat(await DetailPagesAsync()).ToList();
        var problems = new List<string>();
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            await using var context = await fx.NewContextAsync();
            var admin = await fx.SignInAsync(context, DemoAccounts.Admin.UserName, DemoAccounts.Admin.Password);
            await admin.GotoAsync(fx.Url($"/culture/{culture}?returnUrl=/workspace"));
            foreach (var path in pages)
            {
                await admin.GotoAsync(fx.Url(path));
                await admin.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var text = await admin.Locator("body").InnerTextAsync();
                problems.AddRange(Problems(text, culture == "zh-CN").Select(p => $"{culture} {path}: {p}"));
            }
        }

        Assert.Empty(problems);
    }

    private async Task<IEnumerable<string>> DetailPagesAsync()
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        var conversation = await db.Conversations.OrderBy(c => c.CreatedAt).Select(c => c.Id).FirstAsync();
        var afterSales = await db.Set<AfterSalesCase>().Select(c => c.Id).FirstAsync();
        var complaint = await db.Set<Complaint>().Select(c => c.Id).FirstAsync();
        return [$"/conversations/{conversation}/transcript", $"/after-sales/{afterSales}", $"/after-sales/complaints/{complaint}"];
    }

    private static IEnumerable<string> Problems(string text, bool chinese)
    {
        foreach (Match m in KeyPattern.Value.Matches(text))
        {
            yield return "unresolved key " + m.Value;
        }

        foreach (Match m in Regex.Matches(text, @"\{\d\}"))
        {
            yield return "unfilled placeholder " + Around(text, m.Index);
        }

        foreach (Match m in ErrorCodePattern.Value.Matches(text))
        {
            yield return "error code " + m.Value;
        }

        if (chinese)
        {
            foreach (Match m in Regex.Matches(text, @"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b"))
            {
                if (!KnownWords.Contains(m.Value))
                {
                    yield return "code word " + Around(text, m.Index);
                }
            }
        }
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 20), Math.Min(60, text.Length - Math.Max(0, at - 20))).ReplaceLineEndings(" ");

    /// <summary>Any key of the resource file's families, e.g. Audit.Action.x, as it shows when not found.</summary>
    private static readonly Lazy<Regex> KeyPattern = new(() =>
    {
        var resx = Path.Combine(AppContext.BaseDirectory, "SharedResource.resx");
        var families = XDocument.Load(File.Exists(resx) ? resx : FindResx()).Root!.Elements("data")
            .Select(d => d.Attribute("name")!.Value.Split('.')[0]).Distinct().Select(Regex.Escape);
        return new Regex(@"\b(?:" + string.Join('|', families) + @")\.[A-Za-z_]+(?:\.[A-Za-z_]+)*\b");
    });

    private static readonly Lazy<Regex> ErrorCodePattern = new(() =>
    {
        var codes = typeof(KefuDeskError).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<KefuDeskError>().Select(e => e.Code).Where(c => c.Contains('_'));
        return new Regex(@"\b(?:" + string.Join('|', codes.Select(Regex.Escape)) + @")\b");
    });

    private static string FindResx()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "KefuDesk.Web", "Resources", "SharedResource.resx");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("SharedResource.resx not found above " + AppContext.BaseDirectory);
    }
}
