namespace KefuDesk.Features.Routing.Presence;

/// <summary>
/// Whether a staff member is at a workspace right now: every node holding one of their connections
/// pushes <see cref="OnlineUntil"/> forward; when the last connection closes it simply runs out.
/// Kept in the database, so every node sees the same answer. (Agent status 在线/忙碌/小休 builds on this.)
/// </summary>
public sealed class AgentPresence
{
    /// <summary>How long one heartbeat keeps an agent online: three missed beats and they are away.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(90);

    private AgentPresence() { }

    public AgentPresence(Guid agentId, DateTime at)
    {
        AgentId = agentId;
        Beat(at);
    }

    public Guid AgentId { get; private set; }
    public DateTime LastSeenAt { get; private set; }
    public DateTime OnlineUntil { get; private set; }

    public bool IsOnline(DateTime now) => OnlineUntil > now;

    public void Beat(DateTime at)
    {
        LastSeenAt = at;
        OnlineUntil = at + Lease;
    }
}
