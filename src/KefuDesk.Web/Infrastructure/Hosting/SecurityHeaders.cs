using System.Security.Cryptography;

namespace KefuDesk.Infrastructure.Hosting;

/// <summary>
/// Headers on every answer (pages, API, the widget script, static files): no content sniffing, and
/// only the origin in the Referer to other sites. Pages get a content security policy on top: scripts
/// from this site only, plus the one inline script Blazor writes (its import map), which carries this
/// response's nonce. Blazor Server and MudBlazor need no inline or eval'd script; MudBlazor does style
/// inline (its theme is a style element, its components carry style attributes), so styles may be inline.
/// <c>frame-ancestors 'self'</c> is the framework's own clickjacking guard for its compressed
/// WebSocket, which this policy carries in its place (on every page rather than component pages only).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private static readonly object NonceKey = new();

    /// <summary>The nonce of this response's page policy, for the inline script a page must write.</summary>
    public static string NonceOf(HttpContext http)
    {
        if (http.Items[NonceKey] is not string nonce)
        {
            nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)); // hex: nothing for HTML to escape
            http.Items[NonceKey] = nonce;
        }

        return nonce;
    }

    public Task InvokeAsync(HttpContext http)
    {
        // When the answer starts, so error pages written later (which clear headers) carry them too.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                headers.ContentSecurityPolicy = PolicyFor(http);
            }

            return Task.CompletedTask;
        });
        return next(http);
    }

    private static string PolicyFor(HttpContext http)
    {
        var request = http.Request;
        // 'self' covers the page's own WebSocket in current browsers; older Safari wants it named.
        var socket = (request.IsHttps ? "wss://" : "ws://") + request.Host.Value;
        // The API reference (Scalar) is a package's page: an inline module script starts it, and it evaluates
        // code to draw the document (PagePolicyTests sees it blocked otherwise). What it shows is our own OpenAPI document, nothing users write.
        var scripts = request.Path.StartsWithSegments("/scalar") ? "'self' 'unsafe-inline' 'unsafe-eval'" : $"'self' 'nonce-{NonceOf(http)}'";
        return "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'self'; form-action 'self'; " +
               $"script-src {scripts}; style-src 'self' 'unsafe-inline'; " +
               // Product pictures live on the shops' own image hosts; attachments are shown from blob: URLs.
               "img-src 'self' data: blob: https: http:; font-src 'self' data:; " +
               $"connect-src 'self' {socket}";
    }
}
