using System.Collections.Concurrent;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.Extensions.Options;

namespace KefuDesk.Infrastructure.Errors;

/// <summary>
/// Refused hub calls are a normal answer (a closed conversation, a flood, a bad payload), not a fault:
/// each is one information line with its code, no stack trace, and at most
/// <see cref="KefuDeskOptions.RefusalLogLinesPerMinute"/> lines per code and minute. What was left
/// out is counted and written as one warning when the next minute's first refusal of that code comes.
/// Per node, like the log it protects.
/// </summary>
public sealed partial class HubRefusalLog(TimeProvider clock, IOptions<KefuDeskOptions> options, ILogger<HubRefusalLog> logger)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // One entry per error code: a fixed, small set, so this never grows with the number of callers.
    private readonly ConcurrentDictionary<string, Minute> _minutes = new(StringComparer.Ordinal);

    public void Refused(string hubMethod, KefuDeskError error, string connectionId)
    {
        var now = clock.GetUtcNow();
        var minute = _minutes.GetOrAdd(error.Code, _ => new Minute(now));
        bool write;
        var leftOut = 0;
        var since = now;
        lock (minute)
        {
            if (now - minute.Start >= Window)
            {
                (leftOut, since) = (minute.LeftOut, minute.Start);
                (minute.Start, minute.Written, minute.LeftOut) = (now, 0, 0);
            }

            write = minute.Written < Math.Max(1, options.Value.RefusalLogLinesPerMinute);
            if (write)
            {
                minute.Written++;
            }
            else
            {
                minute.LeftOut++;
            }
        }

        if (leftOut > 0)
        {
            LeftOut(logger, leftOut, error.Code, since);
        }

        if (write)
        {
            Refusal(logger, hubMethod, error.Code, connectionId);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Hub call {HubMethod} refused: {Code} (connection {ConnectionId})", EventName = "HubCallRefused")]
    private static partial void Refusal(ILogger logger, string hubMethod, string code, string connectionId);

    [LoggerMessage(2, LogLevel.Warning, "{Count} more hub calls refused with {Code} were not logged in the minute from {Since:O}",
        EventName = "HubRefusalsLeftOut")]
    private static partial void LeftOut(ILogger logger, int count, string code, DateTimeOffset since);

    private sealed class Minute(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; set; } = start;
        public int Written { get; set; }
        public int LeftOut { get; set; }
    }
}
