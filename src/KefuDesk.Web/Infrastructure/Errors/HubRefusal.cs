using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace KefuDesk.Infrastructure.Errors;

/// <summary>
/// A refused hub call as the client receives it. SignalR puts its own words before a hub error
/// ("An unexpected error occurred invoking 'SendMessage' on the server. HubException: "), so what
/// follows them is one JSON object that a client can parse: <c>code</c> for programs, <c>message</c>
/// for people, <c>detail</c> when there is more to say, <c>retryAfter</c> (seconds) for limits.
/// </summary>
public sealed record HubRefusal(string Code, string Message, string? Detail, int? RetryAfter)
{
    /// <summary>What comes right before the JSON in the error every SignalR client reports.</summary>
    public const string Marker = "HubException: ";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), // Chinese stays readable in logs and clients
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads the refusal out of a client's error message; null when it is not one (a broken connection, a bug).</summary>
    public static HubRefusal? Parse(string errorMessage)
    {
        // As a client reports it (after SignalR's words), or as the server raised it.
        var at = errorMessage.IndexOf(Marker, StringComparison.Ordinal);
        var json = at >= 0 ? errorMessage[(at + Marker.Length)..] : errorMessage;
        if (!json.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<HubRefusal>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
