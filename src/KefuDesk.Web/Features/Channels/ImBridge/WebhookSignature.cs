using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KefuDesk.Features.Channels.ImBridge;

/// <summary>
/// How KefuDesk and an IM bridge prove requests to each other, both ways: the headers
/// <c>X-KefuDesk-Timestamp</c> (Unix seconds) and <c>X-KefuDesk-Signature: sha256=&lt;hex&gt;</c>, the
/// HMAC-SHA256 of <c>"{timestamp}.{body}"</c> with the channel's secret. A request older (or newer)
/// than five minutes is refused, so a captured request cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-KefuDesk-Timestamp";
    public const string SignatureHeader = "X-KefuDesk-Signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(Mac(secret, timestamp, body));

    public static bool IsFresh(string? timestampHeader, DateTimeOffset now, out long timestamp) =>
        long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
        && Math.Abs(now.ToUnixTimeSeconds() - timestamp) <= Tolerance.TotalSeconds;

    /// <summary>Compares in constant time, so the comparison leaks nothing about the right signature.</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string? signatureHeader)
    {
        if (signatureHeader is null || !signatureHeader.StartsWith("sha256=", StringComparison.Ordinal) || signatureHeader.Length != 7 + 64)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(signatureHeader.AsSpan(7), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Mac(secret, timestamp, body), given);
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
