using System.Security.Cryptography;
using System.Text;

namespace KefuDesk.Features.Channels;

public static class ChannelIds
{
    /// <summary>
    /// Our client message id for a channel's message: stable for the same account and external id
    /// (so a redelivery is stored once), and within the 64 safe characters client ids allow.
    /// </summary>
    public static string ClientIdFor(Guid channelAccountId, string externalId) =>
        "ch:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{channelAccountId:N}|{externalId}")))[..48];
}
