namespace KefuDesk.Features.Routing;

/// <summary>Routing settings for the whole installation (configuration section <c>KefuDesk:Routing</c>).</summary>
public sealed class RoutingOptions
{
    /// <summary>Automatic distribution on (the default). Off, buyers wait in the unassigned list for agents to pick them.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>An agent with no keyboard or mouse activity this long is set 离开 (0: never).</summary>
    public int IdleMinutes { get; set; } = 15;

    /// <summary>How often the routing pass runs on the node that holds the routing lease.</summary>
    public int PassMilliseconds { get; set; } = 1000;
}
