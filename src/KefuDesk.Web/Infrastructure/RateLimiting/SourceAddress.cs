using System.Net;
using System.Net.Sockets;

namespace KefuDesk.Infrastructure.RateLimiting;

/// <summary>
/// Where a request comes from, as limits per address count it: the connection's remote address,
/// which the forwarded-headers step has already replaced with the caller's when the request came
/// through a trusted proxy (<c>KefuDesk:Security:TrustedProxies</c>, docs/operations.md). IPv6
/// counts by /64, because one home line or phone is given a whole /64 and could otherwise step
/// around any limit.
/// </summary>
public static class SourceAddress
{
    public static string Of(HttpContext http) => Of(http.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
