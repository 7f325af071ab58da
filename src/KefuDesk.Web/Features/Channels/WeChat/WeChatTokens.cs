using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KefuDesk.Features.Channels.WeChat;

/// <summary>
/// The access_token every WeChat API call needs, kept in this node's memory until shortly before
/// it expires. It comes from the stable_token API (getStableAccessToken) in normal mode, which hands
/// every caller the same valid token and never invalidates one another node holds; the classic
/// /cgi-bin/token would make each node's fetch cancel the others'. So no shared store is needed,
/// and force_refresh (20 a day, invalidates everyone's token) is never used.
/// </summary>
public sealed class WeChatTokens(IHttpClientFactory http, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Cached> _cache = new();

    public async Task<string> GetAsync(WeChatSettings settings, string appSecret, CancellationToken ct)
    {
        var key = KeyOf(settings, appSecret);
        if (_cache.TryGetValue(key, out var cached) && cached.Until > clock.GetUtcNow())
        {
            return cached.Value;
        }

        var body = new { grant_type = "client_credential", appid = settings.AppId, secret = appSecret };
        using var response = await http.CreateClient("channels").PostAsJsonAsync(settings.Api("cgi-bin/stable_token"), body, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"WeChat stable_token answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        using var answer = await WeChatApi.ReadJsonAsync(response, ct);
        var root = answer.RootElement;
        WeChatApiException.ThrowIfError(root, "stable_token");
        if (!root.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String || token.GetString() is not { Length: > 0 } value)
        {
            throw new WeChatApiException(-1, "stable_token: no access_token in the answer");
        }

        // Fetch again a minute before it runs out (stable tokens have at least 5 minutes left when handed out).
        var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) && seconds > 0 ? seconds : 300;
        var until = clock.GetUtcNow().AddSeconds(Math.Max(lifetime - 60, lifetime / 2));
        _cache[key] = new Cached(value, until);
        return value;
    }

    /// <summary>WeChat said the token is invalid or expired: the next call fetches another (unless someone already did).</summary>
    public void Forget(WeChatSettings settings, string appSecret, string token)
    {
        var key = KeyOf(settings, appSecret);
        if (_cache.TryGetValue(key, out var cached) && cached.Value == token)
        {
            _cache.TryRemove(KeyValuePair.Create(key, cached));
        }
    }

    /// <summary>A new AppSecret (or another API address) means another token.</summary>
    private static string KeyOf(WeChatSettings settings, string appSecret) =>
        $"{settings.ApiBase}|{settings.AppId}|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(appSecret)))[..16]}";

    private sealed record Cached(string Value, DateTimeOffset Until);
}
