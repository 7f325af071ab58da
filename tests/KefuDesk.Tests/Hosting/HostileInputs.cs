using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KefuDesk.Tests.Hosting;

/// <summary>
/// What strangers send: text that is too long, not text at all, or text meant for something else
/// (markup, SQL, templates, terminal escapes), JSON of the wrong shape, and bytes that are not UTF-8.
/// </summary>
public static class HostileInputs
{
    /// <summary>Strings the app must refuse clearly (controls, broken UTF-16, absurd length).</summary>
    public static readonly string[] RefusedText =
    [
        "abc\u0000def",
        "\u001b[31m红字\u001b[0m",
        "回车\rlinefeed\u0085",
        "半个\ud800字",
        new string('长', 6_000), // over every text limit, under the hubs' 64 KB frame
    ];

    /// <summary>Strings that are harmless text: stored as sent, or refused for a rule of their own (format, length), never run.</summary>
    public static readonly string[] InertText =
    [
        "<script>alert('xss')</script><img src=x onerror=alert(1)>",
        "'; DROP TABLE \"Messages\"; --",
        "{{7*7}}${7*7}<%= 7*7 %>#{7*7}",
        "../../../../etc/passwd",
        "=HYPERLINK(\"http://evil.example\",\"点我\")",
        "\u202e反转文字",
        "",
        "   ",
    ];

    /// <summary>Values of the wrong type for whatever a property expects.</summary>
    public static readonly JsonNode?[] WrongTypes =
    [
        JsonValue.Create(12345678901234567890m),
        JsonValue.Create(true),
        new JsonArray(1, "二", null),
        new JsonObject { ["nested"] = new JsonObject { ["deeper"] = 1 } },
        JsonValue.Create(-1),
        null,
    ];

    /// <summary>Whole bodies of the wrong shape, as raw bytes (some are not JSON, or not UTF-8).</summary>
    public static IEnumerable<(string Name, byte[] Body)> MalformedBodies()
    {
        yield return ("empty", []);
        yield return ("null", "null"u8.ToArray());
        yield return ("array", "[]"u8.ToArray());
        yield return ("string", "\"文字\""u8.ToArray());
        yield return ("number", "42"u8.ToArray());
        yield return ("truncated", "{\"a\":"u8.ToArray());
        yield return ("invalid UTF-8", [.. "{\"body\":\""u8, 0xff, 0xfe, 0xc3, .. "\"}"u8]);
        yield return ("deep", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)));
        yield return ("trailing", "{}{}"u8.ToArray());
    }

    /// <summary>An object with every named property set to the value; the first one also twice (duplicate keys).</summary>
    public static byte[] ObjectWith(IReadOnlyList<string> properties, JsonNode? value, bool duplicateFirst = false)
    {
        var obj = new JsonObject();
        foreach (var name in properties)
        {
            obj[name] = value?.DeepClone();
        }

        var json = obj.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (duplicateFirst && properties.Count > 0)
        {
            json = "{\"" + properties[0] + "\":\"一\"," + json[1..];
        }

        return Encoding.UTF8.GetBytes(json);
    }
}
