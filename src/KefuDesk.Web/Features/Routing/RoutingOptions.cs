namespace KefuDesk.Features.Routing;

/// <summary>Routing settings for the whole installation (configuration section <c>KefuDesk:Routing</c>).</summary>
public sealed class RoutingOptions
{
    /// <summary>Automatic distribution on (the default). Off, buyers wait in the unassigned list for agents to pick them.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>An agent with no keyboard or mouse activity this long is set 离开 (0: never).</summary>
    public int IdleMinutes { get; set; } = 15;

    /// <summary>Run a pass as soon as a buyer writes or a conversation changes, not only every interval.</summary>
    public bool WakeOnActivity { get; set; } = true;

    /// <summary>How often statuses nobody chose (离开 after idle time, 离线 after the last screen closed) are checked.</summary>
    public int SweepSeconds { get; set; } = 10;

    /// <summary>How often the routing pass runs on the node that holds the routing lease.</summary>
    public int PassMilliseconds { get; set; } = 1000;
}
