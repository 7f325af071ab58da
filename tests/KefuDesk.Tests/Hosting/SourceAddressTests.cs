using System.Net;
using KefuDesk.Infrastructure.RateLimiting;

namespace KefuDesk.Tests.Hosting;

/// <summary>What limits per address count as one address.</summary>
public sealed class SourceAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")] // IPv4 on a dual-stack socket
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")] // one home line holds a whole /64
    [InlineData("2001:db8:1:2::9", "2001:db8:1:2::/64")]
    [InlineData("::1", "::1")]
    public void An_address_is_counted_as(string address, string counted) =>
        Assert.Equal(counted, SourceAddress.Of(IPAddress.Parse(address)));

    [Fact]
    public void A_connection_without_an_address_is_one_unknown_caller() =>
        Assert.Equal("unknown", SourceAddress.Of((IPAddress?)null));
}
