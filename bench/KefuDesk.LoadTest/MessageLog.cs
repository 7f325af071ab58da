using System.Diagnostics;
using System.Globalization;

namespace KefuDesk.LoadTest;

/// <summary>
/// What happened to each measured message, addressed by the index carried in its client message
/// id (<c>{run}-{index}</c>), so the agent side finds the record without a shared dictionary.
/// Timestamps are <see cref="Stopwatch"/> ticks; 0 means "not yet".
/// </summary>
public sealed class MessageLog(string runTag, int capacity)
{
    private readonly Entry[] _entries = new Entry[capacity];
    private readonly string _prefix = runTag + "-";
    private int _count;
    private long _overflow;
    private long _foreign;

    public int Count => Math.Min(Volatile.Read(ref _count), _entries.Length);

    /// <summary>Sends that did not fit the log (the capacity estimate was wrong); counted as errors.</summary>
    public long Overflow => Interlocked.Read(ref _overflow);

    /// <summary>Messages agents received that this run did not send as measured messages (warm-up, demo data).</summary>
    public long Foreign => Interlocked.Read(ref _foreign);

    public ref Entry this[int index] => ref _entries[index];

    /// <summary>Reserves a record for a send about to start; -1 when the log is full.</summary>
    public int Start(int buyer, int expectedAgent, long scheduledAt, long startedAt)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index >= _entries.Length)
        {
            Interlocked.Increment(ref _overflow);
            return -1;
        }

        ref var e = ref _entries[index];
        e.Buyer = buyer;
        e.ExpectedAgent = expectedAgent;
        e.ScheduledAt = scheduledAt;
        e.SentAt = startedAt;
        return index;
    }

    public string ClientMessageId(int index) => _prefix + index.ToString(CultureInfo.InvariantCulture);

    public void Acked(int index, long at) => Volatile.Write(ref _entries[index].AckedAt, at);

    public void Failed(int index, string error)
    {
        _entries[index].Error = error;
        Volatile.Write(ref _entries[index].FailedAt, Stopwatch.GetTimestamp());
    }

    /// <summary>Whether a client message id is one of this run's measured buyer messages (not a first message, "-w…").</summary>
    public bool IsMeasured(string clientMessageId) =>
        clientMessageId.StartsWith(_prefix, StringComparison.Ordinal)
        && int.TryParse(clientMessageId.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>An agent received a message; keeps the first receipt and counts the rest as duplicates.</summary>
    public void Delivered(string clientMessageId, int agent, long at)
    {
        if (!clientMessageId.StartsWith(_prefix, StringComparison.Ordinal)
            || !int.TryParse(clientMessageId.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index >= Count)
        {
            Interlocked.Increment(ref _foreign);
            return;
        }

        ref var e = ref _entries[index];
        if (Interlocked.Increment(ref e.Deliveries) == 1)
        {
            e.DeliveredTo = agent;
            Volatile.Write(ref e.DeliveredAt, at);
        }
    }

    public struct Entry
    {
        public int Buyer;
        public int ExpectedAgent;
        public long ScheduledAt;
        public long SentAt;
        public long AckedAt;
        public long FailedAt;
        public long DeliveredAt;
        public int DeliveredTo;
        public int Deliveries;
        public string? Error;
    }
}
