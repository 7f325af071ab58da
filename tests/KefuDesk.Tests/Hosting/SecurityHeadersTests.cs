using System.Net;
using System.Text.RegularExpressions;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Hosting;

/// <summary>
/// The headers on every answer (no sniffing, no path in other sites' Referer) and the pages' content
/// security policy: scripts from this site only, the import map by its per-response nonce.
/// (That Blazor, MudBlazor and the widget run under it is the browser test PagePolicyTests.)
/// </summary>
public sealed partial class SecurityHeadersTests(SqliteApp fx) : IClassFixture<SqliteApp>
{
    private static string Policy(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

    private static string Directive(string policy, string name) =>
        Assert.Single(policy.Split(';', StringSplitOptions.TrimEntries), d => d.StartsWith(name + " ", StringComparison.Ordinal));

    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/api/auth/me")]
    [InlineData("/api/no-such-thing")]
    [InlineData("/health")]
    [InlineData("/widget/v1/kefudesk.js")]
    [InlineData("/app.css")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/no-such-page")]
    public async Task Every_answer_forbids_sniffing_and_sends_only_the_origin_to_other_sites(string path)
    {
        var (http, _) = Clients.Http(fx.App);

        var response = await http.GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Pages_allow_scripts_from_this_site_and_the_import_map_by_its_nonce_and_nothing_inline()
    {
        var (http, _) = Clients.Http(fx.App);

        var page = await http.GetAsync("/account/sign-in");
        var policy = Policy(page); // one policy: the framework's own frame-ancestors is inside it, not beside it
        var scripts = Directive(policy, "script-src");
        var nonce = NonceIn().Match(scripts).Groups[1].Value;
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal($"script-src 'self' 'nonce-{nonce}'", scripts);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", html, StringComparison.Ordinal);
        Assert.Equal("frame-ancestors 'self'", Directive(policy, "frame-ancestors"));
        Assert.Equal("object-src 'none'", Directive(policy, "object-src"));
        Assert.Equal($"connect-src 'self' ws://{fx.App.BaseAddress.Authority}", Directive(policy, "connect-src"));
        Assert.Equal("style-src 'self' 'unsafe-inline'", Directive(policy, "style-src")); // MudBlazor's theme and style attributes
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);

        var again = Directive(Policy(await http.GetAsync("/account/sign-in")), "script-src");
        Assert.NotEqual(scripts, again); // a fresh nonce per page

        // Behind an https proxy the live connection is wss.
        var proxied = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        proxied.Headers.Add("X-Forwarded-Proto", "https");
        Assert.Equal($"connect-src 'self' wss://{fx.App.BaseAddress.Authority}", Directive(Policy(await http.SendAsync(proxied)), "connect-src"));
    }

    [Fact]
    public async Task The_demo_shop_runs_the_widget_under_the_policy_without_inline_handlers()
    {
        var (http, _) = Clients.Http(fx.App);

        var page = await http.GetAsync($"/demo-shop/{fx.World.Shop.WidgetKey}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.StartsWith("script-src 'self' 'nonce-", Directive(Policy(page), "script-src"), StringComparison.Ordinal);
        Assert.DoesNotContain("onclick=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<script src=\"/demo/shop.js\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Programs_and_scripts_get_no_page_policy()
    {
        var (http, _) = Clients.Http(fx.App);

        foreach (var path in new[] { "/widget/v1/kefudesk.js", "/health", "/api/auth/me" })
        {
            Assert.False((await http.GetAsync(path)).Headers.Contains("Content-Security-Policy"), path);
        }
    }

    [GeneratedRegex("'nonce-([A-Za-z0-9+/=]+)'")]
    private static partial Regex NonceIn();
}
