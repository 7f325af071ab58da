using System.Text.Json;
using System.Text.Json.Serialization;
using KefuDesk.Infrastructure.Input;

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

    /// <summary>
    /// For what callers send us (REST bodies, hub payloads, the platform's sync): every string passes
    /// <see cref="InputText"/> and a refused one names its field. Not for reading our own stored JSON,
    /// which must load whatever an older version wrote.
    /// </summary>
    public static JsonSerializerOptions ApplyForInput(JsonSerializerOptions options)
    {
        options.Converters.Add(new InputTextConverter());
        return Apply(options);
    }

    /// <summary>For what a channel sends (an IM bridge): strings are cleaned, never refused, since the buyer cannot be told.</summary>
    public static JsonSerializerOptions ApplyForChannel(JsonSerializerOptions options)
    {
        options.Converters.Add(new InputTextConverter(clean: true));
        return Apply(options);
    }
}
