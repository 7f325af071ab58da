using KefuDesk.Features.Customers;

namespace KefuDesk.Features.Channels.WeChat;

/// <summary>
/// How a WeChat buyer is kept as a customer identity: the openid qualified by the 公众号's AppID,
/// since an openid only means something within its 公众号. (Qualifying by AppID rather than by
/// our channel account keeps the buyer if the admin connects the same 公众号 again.)
/// </summary>
public static class WeChatIdentity
{
    public static string Of(string appId, string openId) => $"{appId}:{openId.Trim()}";

    /// <summary>The openid in this 公众号, if the identity belongs to it.</summary>
    public static string? OpenIdIn(string appId, CustomerIdentity identity) =>
        identity.Kind == IdentityKind.WeChatOpenId && identity.Value.StartsWith(appId + ":", StringComparison.Ordinal)
            ? identity.Value[(appId.Length + 1)..]
            : null;
}
