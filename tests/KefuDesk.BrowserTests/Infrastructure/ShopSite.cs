using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KefuDesk.Features.Widget;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KefuDesk.BrowserTests.Infrastructure;

/// <summary>
/// A shop's own website (a brand site) on another loopback port, so another origin than KefuDesk:
/// its page embeds the widget script from the KefuDesk node, and its "server" signs the signed-in
/// member's id with the shop's widget secret, as a real shop's server would.
/// </summary>
public sealed class ShopSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Uri _kefuDesk;

    private ShopSite(WebApplication app, Uri kefuDesk)
    {
        _app = app;
        _kefuDesk = kefuDesk;
    }

    /// <summary>http://127.0.0.1:port: what browsers send as Origin from this site.</summary>
    public string Origin { get; private set; } = "";

    /// <summary>The widget secret the site's server signs with (set it from 店铺设置).</summary>
    public string Secret { get; set; } = "";

    public static async Task<ShopSite> StartAsync(Uri kefuDesk)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var site = new ShopSite(app, kefuDesk);
        app.MapGet("/shop", site.Page);
        await app.StartAsync();
        site.Origin = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())
            .GetLeftPart(UriPartial.Authority);
        return site;
    }

    /// <summary>The shop's page for a shop key; with a member, as that member signed in (forged: signed with a wrong secret).</summary>
    public string PageUrl(string shopKey, string? member = null, string? name = null, bool forged = false)
    {
        var query = $"key={Uri.EscapeDataString(shopKey)}";
        if (member is not null)
        {
            query += $"&member={Uri.EscapeDataString(member)}&name={Uri.EscapeDataString(name ?? "")}" + (forged ? "&forged=1" : "");
        }

        return $"{Origin}/shop?{query}";
    }

    private IResult Page(string key, string? member, string? name, string? forged)
    {
        var config = "";
        if (member is not null)
        {
            var secret = forged is null ? Secret : "not-the-shop-secret";
            // What the docs tell a shop's developer to do, written here on its own rather than borrowed from KefuDesk.
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(member)));
            var identity = new { userId = member, name, signature };
            config = $"<script>window.KefuDeskConfig = {{ identity: {JsonSerializer.Serialize(identity)} }};</script>";
        }

        var script = new Uri(_kefuDesk, WidgetScript.Path);
        var html = $"""
            <!doctype html>
            <html lang="zh-CN">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>小鹿优选品牌官网</title></head>
            <body>
            <h1>小鹿优选品牌官网</h1>
            <p>新品上市:小鹿无线降噪蓝牙耳机 Pro</p>
            {config}
            <script src="{WebUtility.HtmlEncode(script.ToString())}" data-shop-key="{WebUtility.HtmlEncode(key)}" async></script>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
