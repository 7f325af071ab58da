namespace KefuDesk.Features.Routing.Agents;

/// <summary>在线 takes new buyers; 忙碌 and 小休 keep their conversations but get no new ones; 离开 is set
/// by the system after idle time; 离线 when the last screen closed (after a grace period).</summary>
public enum AgentStatus
{
    Online,
    Busy,
    Break,
    Away,
    Offline,
}

/// <summary>Why a status changed: attendance reads these facts later.</summary>
public enum StatusReason
{
    /// <summary>The agent chose it.</summary>
    Chosen,

    /// <summary>The agent opened the workspace while offline.</summary>
    SignedIn,

    /// <summary>No keyboard or mouse activity for the idle time.</summary>
    Idle,

    /// <summary>Activity again after being set away for idleness.</summary>
    Returned,

    /// <summary>The last workspace connection closed and the grace period ran out.</summary>
    Disconnected,

    /// <summary>A supervisor changed it.</summary>
    Supervisor,
}
