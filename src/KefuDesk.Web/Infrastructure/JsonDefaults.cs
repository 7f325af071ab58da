using System.Text.Json;
using System.Text.Json.Serialization;

namespace KefuDesk.Infrastructure;

/// <summary>The JSON every client sees, REST and SignalR alike: camelCase, enums as camelCase strings.</summary>
public static class JsonDefaults
{
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
