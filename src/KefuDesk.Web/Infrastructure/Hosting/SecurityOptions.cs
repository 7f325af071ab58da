namespace KefuDesk.Infrastructure.Hosting;

/// <summary>The <c>KefuDesk:Security</c> configuration section: where staff may come from, and the proxy in front.</summary>
public sealed class SecurityOptions
{
    public const string Section = "KefuDesk:Security";

    /// <summary>
    /// Other addresses (<c>https://host[:port]</c>) whose pages may act with the staff sign-in cookie
    /// (its staff hubs and changing endpoints): KefuDesk at a second domain name, or behind a proxy
    /// that changes the host without <c>X-Forwarded-Host</c>. Empty by default: only the address a
    /// request reached (and <see cref="KefuDeskOptions.PublicUrl"/>) may.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Reverse proxies (addresses or networks such as <c>10.0.0.0/8</c>) whose <c>X-Forwarded-For</c>,
    /// <c>-Proto</c> and <c>-Host</c> are believed. Loopback is always believed.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// Mark cookies Secure on every request, for a proxy that ends TLS without saying so in
    /// <c>X-Forwarded-Proto</c>. Without it a cookie is Secure whenever the request is https.
    /// </summary>
    public bool SecureCookies { get; set; }
}
