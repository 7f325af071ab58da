namespace KefuDesk.Features.Widget;

/// <summary>An origin as browsers send it: scheme://host[:port], lower-case, no default port, no path.</summary>
public static class WidgetOrigin
{
    public const int MaxPerShop = 20;

    /// <summary>The canonical form of what an admin typed, or null when it is not an origin.</summary>
    public static string? Normalise(string? typed)
    {
        var text = typed?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            || text.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }

    /// <summary>The origin of this very request's host, which is always allowed (our own demo page, tests).</summary>
    public static string Own(HttpRequest request) => Normalise($"{request.Scheme}://{request.Host}") ?? "";
}
