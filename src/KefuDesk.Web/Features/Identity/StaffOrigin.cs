using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.Identity;

/// <summary>
/// Staff are signed in by a cookie, and a browser attaches it to requests that other sites' pages
/// make too: SameSite=Lax stops another site, not a sibling subdomain or another port of this host.
/// So whatever can act with the cookie must come from a page of this site (or of a site listed in
/// <c>KefuDesk:Security:AllowedOrigins</c>): the staff hubs and the Blazor circuit whatever the
/// method (their WebSocket handshake is a GET), and every POST, PUT, PATCH and DELETE elsewhere.
/// Buyers' widget endpoints answer their shop's CORS instead (<see cref="WidgetCors"/>), and signed
/// webhooks (<see cref="StaffOriginExtensions.AcceptsAnyOrigin{TBuilder}"/>) never act on the cookie.
/// <para>
/// Where a request comes from is its <c>Origin</c>, else its <c>Referer</c>. A request with neither
/// is not a page's: browsers send Origin on every cross-origin request, every POST and every
/// WebSocket handshake, so it is a program (curl, a server, the tests) holding the cookie itself,
/// and it passes, unless <c>Sec-Fetch-Site</c> says a browser sent it from elsewhere.
/// </para>
/// </summary>
public sealed class StaffOrigin(RequestDelegate next, IOptions<SecurityOptions> security, IOptions<KefuDeskOptions> kefuDesk, ILogger<StaffOrigin> log)
{
    /// <summary>Origins other than the request's own that may act with the cookie: the allow list and the public address.</summary>
    private readonly HashSet<string> _listed = security.Value.AllowedOrigins
        .Append(kefuDesk.Value.PublicUrl is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
        .Select(WidgetOrigin.Normalise).OfType<string>().ToHashSet(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext http)
    {
        if (!Guards(http) || SourceOf(http.Request) is not { } source || source == WidgetOrigin.Own(http.Request) || _listed.Contains(source))
        {
            await next(http);
            return;
        }

        log.LogWarning("Staff request to {Method} {Path} from {Source} refused: not this site ({Own}) nor in {Section}:AllowedOrigins",
            http.Request.Method, http.Request.Path.Value, source, WidgetOrigin.Own(http.Request), SecurityOptions.Section);
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        http.Response.StatusCode = KefuDeskError.OriginRefused.Status;
        await http.Response.WriteAsJsonAsync(ProblemResponses.Problem(KefuDeskError.OriginRefused, text, source),
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    /// <summary>Whether this request could act with the staff cookie, so must come from one of our pages.</summary>
    private static bool Guards(HttpContext http)
    {
        var path = http.Request.Path;
        if (WidgetCors.Covers(path))
        {
            return false;
        }

        if (path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor"))
        {
            return true;
        }

        var method = http.Request.Method;
        return !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
               && http.GetEndpoint()?.Metadata.GetMetadata<AnyOrigin>() is null;
    }

    /// <summary>
    /// The origin the browser says the request comes from; <c>"null"</c> (a sandboxed or privacy-hidden page) or an
    /// unreadable value as itself, which matches nothing; null when it says nothing at all.
    /// </summary>
    private static string? SourceOf(HttpRequest request)
    {
        if (request.Headers.Origin.ToString() is { Length: > 0 } origin)
        {
            return WidgetOrigin.Normalise(origin) ?? origin;
        }

        if (request.Headers.Referer.ToString() is { Length: > 0 } referer)
        {
            return Uri.TryCreate(referer, UriKind.Absolute, out var page) && WidgetOrigin.Normalise(page.GetLeftPart(UriPartial.Authority)) is { } from
                ? from
                : referer;
        }

        // A browser that hid both still says whether the page was ours.
        return request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site and not ("same-origin" or "none") ? "sec-fetch-site: " + site : null;
    }

    /// <summary>Endpoint metadata: a webhook that authenticates by its caller's signature, never by the staff cookie.</summary>
    public sealed class AnyOrigin;
}

public static class StaffOriginExtensions
{
    /// <summary>For signed webhooks: the staff origin check does not apply (servers call them, and may say any origin).</summary>
    public static TBuilder AcceptsAnyOrigin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new StaffOrigin.AnyOrigin());
}
