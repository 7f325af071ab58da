using System.Text.Json;
using System.Text.RegularExpressions;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Channels.WeChat;

/// <summary>
/// A connected 公众号: its AppID, the push token (令牌) the shop also typed into 公众平台 → 基本配置 →
/// 服务器配置, and the API address (WeChat's own unless a test or a proxy says otherwise). The
/// AppSecret is the channel's secret, kept encrypted. The token stays in the settings: admins see
/// it, as they do in 公众平台; it only proves pushes come from WeChat, it cannot call the API.
/// </summary>
public sealed partial record WeChatSettings(string AppId, string Token, Uri ApiBase)
{
    public static readonly Uri DefaultApiBase = new("https://api.weixin.qq.com/");

    /// <summary>Checks an admin's settings and AppSecret; throws <c>ChannelInvalid</c> with the reason.</summary>
    public static WeChatSettings Checked(JsonElement settings, string? appSecret)
    {
        var appId = Text(settings, "appId");
        if (appId is null || !AppIdPattern().IsMatch(appId))
        {
            throw new KefuDeskException(KefuDeskError.ChannelInvalid, "appId: the 公众号's AppID, \"wx\" and 16 letters or digits");
        }

        var token = Text(settings, "token");
        if (token is null || !TokenPattern().IsMatch(token))
        {
            throw new KefuDeskException(KefuDeskError.ChannelInvalid, "token: 3–32 letters or digits, the same as in 公众平台 服务器配置");
        }

        Uri? apiBase = DefaultApiBase;
        if (settings.TryGetProperty("apiBaseUrl", out var value) && value.ValueKind != JsonValueKind.Null
            && (value.ValueKind != JsonValueKind.String || !Uri.TryCreate(value.GetString(), UriKind.Absolute, out apiBase)
                || (apiBase.Scheme != Uri.UriSchemeHttps && apiBase.Scheme != Uri.UriSchemeHttp) || apiBase.Query.Length > 0))
        {
            throw new KefuDeskException(KefuDeskError.ChannelInvalid, "apiBaseUrl: an http(s) address, or leave it out for api.weixin.qq.com");
        }

        if (appSecret is null || !AppSecretPattern().IsMatch(appSecret))
        {
            throw new KefuDeskException(KefuDeskError.ChannelInvalid, "secret: the 公众号's AppSecret, 32 letters or digits");
        }

        return new WeChatSettings(appId, token, new Uri(apiBase!.ToString().TrimEnd('/') + "/"));
    }

    /// <summary>Settings already checked when the admin saved them.</summary>
    public static WeChatSettings Read(string settingsJson)
    {
        using var document = JsonDocument.Parse(settingsJson);
        var root = document.RootElement;
        var apiBase = Text(root, "apiBaseUrl") is { } url ? new Uri(url.TrimEnd('/') + "/") : DefaultApiBase;
        return new WeChatSettings(Text(root, "appId") ?? "", Text(root, "token") ?? "", apiBase);
    }

    public Uri Api(string pathAndQuery) => new(ApiBase, pathAndQuery);

    private static string? Text(JsonElement settings, string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()?.Trim()
            : null;

    [GeneratedRegex("^wx[A-Za-z0-9]{16}$")]
    private static partial Regex AppIdPattern();

    [GeneratedRegex("^[A-Za-z0-9]{3,32}$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[A-Za-z0-9]{32}$")]
    private static partial Regex AppSecretPattern();
}
