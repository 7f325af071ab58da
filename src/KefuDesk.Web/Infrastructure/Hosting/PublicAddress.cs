using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace KefuDesk.Infrastructure.Hosting;

/// <summary>Absolute links for places outside a request: a delivery worker, an email.</summary>
public sealed class PublicAddress(IOptions<KefuDeskOptions> options, IServer server)
{
    public Uri Base
    {
        get
        {
            var configured = options.Value.PublicUrl;
            var address = !string.IsNullOrWhiteSpace(configured) ? configured
                : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
            address = address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal);
            return new Uri(address.TrimEnd('/') + "/");
        }
    }

    public Uri For(string path) => new(Base, path.TrimStart('/'));
}
