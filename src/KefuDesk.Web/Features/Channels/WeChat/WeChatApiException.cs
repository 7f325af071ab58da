using System.Text.Json;
using KefuDesk.Features.Conversations;

namespace KefuDesk.Features.Channels.WeChat;

/// <summary>
/// WeChat refused a call (<c>errcode</c> ≠ 0). The message carries the code, WeChat's own words and,
/// for the codes a shop meets, what to do: it is what admins read on a dead letter.
/// </summary>
public sealed class WeChatApiException(int code, string detail)
    : Exception(ShopText.Get("WeChat.ApiError", code, detail) + Hint(code))
{
    /// <summary>The access_token is invalid (40001, 40014) or expired (42001): fetch another and try once more.</summary>
    public static readonly IReadOnlySet<int> TokenCodes = new HashSet<int> { 40001, 40014, 42001 };

    public int Code { get; } = code;

    public bool IsTokenProblem => TokenCodes.Contains(Code);

    public static void ThrowIfError(JsonElement answer, string call)
    {
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value) && value != 0)
        {
            var message = answer.TryGetProperty("errmsg", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            throw new WeChatApiException(value, $"{call}: {message}");
        }
    }

    private static string Hint(int code) => code switch
    {
        45015 => " " + ShopText.Get("WeChat.Hint.45015"),
        40164 or 61004 => " " + ShopText.Get("WeChat.Hint.IpWhitelist"),
        40125 or 40013 => " " + ShopText.Get("WeChat.Hint.AppSecret"),
        48001 => " " + ShopText.Get("WeChat.Hint.48001"),
        _ => "",
    };
}
