namespace KefuDesk.Infrastructure.Realtime;

/// <summary>
/// Watches the open connections, one reading at a time, and says when a large wave of
/// disconnects has ended: at least <see cref="MinimumClosed"/> and a quarter of the peak gone,
/// and no further fall since the last reading.
/// </summary>
public sealed class DisconnectWave
{
    public const int MinimumClosed = 1000;
    public const double MinimumShareClosed = 0.25;

    private long _peak;
    private long _last = long.MaxValue;

    /// <summary>Takes a reading; true once per wave, when it is over (the peak then starts again from here).</summary>
    public bool Ended(long open)
    {
        var falling = open < _last;
        _last = open;
        if (open >= _peak)
        {
            _peak = open;
            return false;
        }

        var closed = _peak - open;
        if (falling || closed < MinimumClosed || closed < _peak * MinimumShareClosed)
        {
            return false;
        }

        _peak = open;
        return true;
    }
}
