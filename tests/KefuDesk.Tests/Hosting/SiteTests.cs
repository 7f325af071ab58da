using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Hosting;

/// <summary>What a node serves besides the API: health, the OpenAPI document, the widget, the demo shop, languages.</summary>
public abstract class SiteTests(AppFixture fx)
{
    [Fact]
    public async Task Health_says_the_database_is_reachable()
    {
        var (http, _) = Clients.Http(fx.App);

        var health = await http.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var database = Assert.Single(health.GetProperty("checks").EnumerateArray());
        Assert.Equal("database", database.GetProperty("name").GetString());
        Assert.Contains(fx.Provider.ToString(), database.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_rest_endpoints()
    {
        var (http, _) = Clients.Http(fx.App);

        var doc = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal("KefuDesk API", doc.GetProperty("info").GetProperty("title").GetString());
        Assert.Contains("/api/conversations", paths);
        Assert.Contains("/api/conversations/{id}/messages", paths);
        Assert.Contains("/api/conversations/{id}/claim", paths);
        Assert.Contains("/api/widget/sessions", paths);
        Assert.Contains("/api/widget/messages", paths);
        Assert.Contains("/api/auth/sign-in", paths);
        Assert.Contains("/api/agents", paths);
        Assert.Contains("/api/agents/{id}/unlock", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/culture", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_widget_script_is_served_at_its_stable_url_with_caching()
    {
        var (http, _) = Clients.Http(fx.App);

        var script = await http.GetAsync("/widget/v1/kefudesk.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-shop-key", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var again = new HttpRequestMessage(HttpMethod.Get, "/widget/v1/kefudesk.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task The_demo_shop_embeds_the_widget_with_one_script_tag()
    {
        var (http, _) = Clients.Http(fx.App);

        var page = await http.GetStringAsync($"/demo-shop/{fx.World.Shop.WidgetKey}");

        Assert.Contains("测试旗舰店", page, StringComparison.Ordinal);
        Assert.Contains($"<script src=\"/widget/v1/kefudesk.js\" data-shop-key=\"{fx.World.Shop.WidgetKey}\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/demo-shop/no-such-shop")).StatusCode);
    }

    [Fact]
    public async Task Chinese_is_the_default_and_english_is_a_switch_away()
    {
        var (http, _) = Clients.Http(fx.App);
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        Assert.Contains("客服登录", await http.GetStringAsync("/account/sign-in"), StringComparison.Ordinal);

        var switched = await http.GetAsync("/culture/en?returnUrl=/account/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/account/sign-in", switched.Headers.Location!.OriginalString);
        Assert.Contains("Staff sign-in", await http.GetStringAsync("/account/sign-in"), StringComparison.Ordinal);

        var offsite = await http.GetAsync("/culture/zh-CN?returnUrl=https://evil.example/");
        Assert.Equal("/", offsite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Unknown_api_paths_answer_with_a_problem_not_a_page()
    {
        var (http, _) = Clients.Http(fx.App);

        var response = await http.GetAsync("/api/no-such-thing");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await http.DeleteAsync("/api/widget/sessions")).AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Unknown_pages_show_a_friendly_not_found_page()
    {
        var (http, _) = Clients.Http(fx.App);

        var response = await http.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class SiteTests_Sqlite(SqliteApp fx) : SiteTests(fx), IClassFixture<SqliteApp>;

public sealed class SiteTests_Postgres(PostgresApp fx) : SiteTests(fx), IClassFixture<PostgresApp>;
