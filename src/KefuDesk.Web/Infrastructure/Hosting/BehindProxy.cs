using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace KefuDesk.Infrastructure.Hosting;

/// <summary>
/// Behind a reverse proxy that ends TLS, every request reaches the node as plain http from the
/// proxy. The proxy's <c>X-Forwarded-*</c> headers give the request back the scheme, host and
/// address people used, so cookies are Secure on https, the staff origin check compares with the
/// address in the browser, and per-address limits count people rather than the proxy. They are
/// believed only from loopback and the configured proxies: anyone else could forge them.
/// </summary>
public static class BehindProxy
{
    public static WebApplicationBuilder AddProxyTrust(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        builder.Services.Configure<SecurityOptions>(section);
        var proxies = (section.Get<SecurityOptions>() ?? new()).TrustedProxies.Select(Parse).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in proxies)
            {
                o.KnownIPNetworks.Add(proxy); // beside the defaults, 127.0.0.1 and ::1
            }
        });
        return builder;
    }

    /// <summary>An address (10.0.0.5) or a network (10.0.0.0/8); a typo stops the start rather than trusting nobody unnoticed.</summary>
    private static System.Net.IPNetwork Parse(string entry)
    {
        var text = entry.Trim();
        if (IPAddress.TryParse(text, out var address))
        {
            return new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        return System.Net.IPNetwork.TryParse(text, out var network)
            ? network
            : throw new InvalidOperationException(
                $"{SecurityOptions.Section}:TrustedProxies: \"{entry}\" is neither an IP address nor a network like 10.0.0.0/8.");
    }
}
