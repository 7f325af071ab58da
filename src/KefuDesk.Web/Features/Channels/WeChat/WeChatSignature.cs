using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KefuDesk.Features.Channels.WeChat;

/// <summary>
/// How WeChat proves a request is its own (接入指南): <c>signature</c> is the SHA-1, in hex, of the
/// token, <c>timestamp</c> and <c>nonce</c> sorted as strings and joined. The same check guards the
/// URL verification (GET) and every message push (POST); pushes must also be fresh.
/// </summary>
public static class WeChatSignature
{
    /// <summary>A push older (or newer) than this is a replay, whatever its signature.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string token, string timestamp, string nonce)
    {
        string[] parts = [token, timestamp, nonce];
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    /// <summary>Compares in constant time, so the comparison leaks nothing about the right signature.</summary>
    public static bool Verify(string token, string? timestamp, string? nonce, string? signature)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce) || signature is not { Length: 40 }
            || timestamp.Length > 20 || nonce.Length > 100)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(token, timestamp, nonce));
        var given = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    public static bool IsFresh(string? timestamp, DateTimeOffset now) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && Math.Abs(now.ToUnixTimeSeconds() - seconds) <= Tolerance.TotalSeconds;
}
