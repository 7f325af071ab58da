using KefuDesk.Infrastructure.Errors;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.Widget;

/// <summary>
/// The widget on a shop's own site (another origin): its endpoints and the buyer hub answer only
/// origins the shop listed. A preflight names no shop, so it is answered for origins some shop lists;
/// the real request is then checked against its own shop (from the visitor token, or the widget key
/// at session start), and refused with <c>origin_not_allowed</c> otherwise.
/// </summary>
public sealed class WidgetCors(RequestDelegate next)
{
    private const string AllowedHeaders = "authorization, content-type, x-requested-with, x-signalr-user-agent";

    public static bool Covers(PathString path) => path.StartsWithSegments("/api/widget") || path.StartsWithSegments(VisitorAuthenticationHandler.BuyerHubPath);

    public async Task InvokeAsync(HttpContext http, WidgetSettings settings, VisitorTokens tokens, ILogger<WidgetCors> log)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (!Covers(http.Request.Path) || origin.Length == 0 || WidgetOrigin.Normalise(origin) is not { } asked || asked == WidgetOrigin.Own(http.Request))
        {
            await next(http);
            return;
        }

        var anyShop = await settings.AnyShopAllowsAsync(http.RequestAborted);
        var isPreflight = HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers.ContainsKey("Access-Control-Request-Method");
        bool allowed;
        if (isPreflight || tokens.Read(VisitorAuthenticationHandler.TokenOf(http.Request)) is not { } buyer)
        {
            allowed = anyShop.Contains(asked); // no shop known yet: the session endpoint checks the widget key's shop itself
        }
        else
        {
            allowed = (await settings.ForShopAsync(buyer.ShopId, http.RequestAborted))?.AllowedOrigins.Contains(asked) == true;
        }

        if (allowed || anyShop.Contains(asked))
        {
            // Let the widget read our answer, a refusal included, so it can say what is wrong. Set when the
            // response starts: an error handler clears headers set before it.
            http.Response.OnStarting(() =>
            {
                // No Allow-Credentials: the widget proves who it is with its bearer token, never a cookie.
                http.Response.Headers.AccessControlAllowOrigin = origin;
                http.Response.Headers.Vary = "Origin";
                http.Response.Headers.AccessControlExposeHeaders = "Retry-After";
                return Task.CompletedTask;
            });
        }

        if (allowed && isPreflight)
        {
            http.Response.Headers.AccessControlAllowMethods = "GET, POST, PUT, OPTIONS";
            http.Response.Headers.AccessControlAllowHeaders = AllowedHeaders;
            http.Response.Headers.AccessControlMaxAge = "600";
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (!allowed)
        {
            log.LogWarning("Widget request from origin {Origin} to {Path} refused: not an allowed origin", asked, http.Request.Path.Value);
            var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            http.Response.StatusCode = KefuDeskError.OriginNotAllowed.Status;
            await http.Response.WriteAsJsonAsync(ProblemResponses.Problem(KefuDeskError.OriginNotAllowed, text, asked),
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
            return;
        }

        await next(http);
    }
}
