using System.Security.Cryptography;

namespace KefuDesk.Features.Widget;

/// <summary>
/// Serves the buyer widget bundle (built from <c>widget/</c> and embedded in this assembly) at a
/// stable URL that shops put in one script tag.
/// </summary>
public static class WidgetScript
{
    public const string Path = "/widget/v1/kefudesk.js";

    private static readonly Lazy<(byte[] Body, string ETag)> Bundle = new(() =>
    {
        using var stream = typeof(WidgetScript).Assembly.GetManifestResourceStream("KefuDesk.Widget.kefudesk.js")
            ?? throw new InvalidOperationException("The widget bundle is not embedded: build the web project with npm available.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var body = copy.ToArray();
        return (body, $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"");
    });

    public static IEndpointRouteBuilder MapWidgetScript(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, ["GET", "HEAD"], (HttpContext http) =>
        {
            var (body, etag) = Bundle.Value;
            http.Response.Headers.ETag = etag;
            // Short cache: the URL is stable, so a new version must reach shops' pages soon.
            http.Response.Headers.CacheControl = "public, max-age=300";
            http.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            if (http.Request.Headers.IfNoneMatch == etag)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            return Results.Bytes(body, "text/javascript; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }
}
