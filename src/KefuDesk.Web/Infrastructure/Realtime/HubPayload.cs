using System.Text.Json;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Input;

namespace KefuDesk.Infrastructure.Realtime;

/// <summary>
/// Hub methods that take an object read it here, so a malformed payload gets our clear
/// <c>payload_invalid</c> error instead of SignalR's generic binding failure.
/// </summary>
public static class HubPayload
{
    private static readonly JsonSerializerOptions Options = JsonDefaults.ApplyForInput(new JsonSerializerOptions());

    public static T Read<T>(JsonElement payload) where T : class
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "expected a JSON object");
        }

        try
        {
            return payload.Deserialize<T>(Options) ?? throw new KefuDeskException(KefuDeskError.PayloadInvalid);
        }
        catch (TextRefusedException refused)
        {
            throw refused.Refusal();
        }
        catch (JsonException ex)
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, ex.Path);
        }
    }
}
