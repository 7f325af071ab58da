namespace KefuDesk.Features.Routing.Agents;

/// <summary>An append-only fact: the agent's status changed at this moment (attendance and time in status).</summary>
public sealed class AgentStatusChange
{
    private AgentStatusChange() { }

    public AgentStatusChange(Guid id, Guid agentId, AgentStatus from, AgentStatus to, StatusReason reason, DateTime at)
    {
        Id = id;
        AgentId = agentId;
        From = from;
        To = to;
        Reason = reason;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid AgentId { get; private set; }
    public AgentStatus From { get; private set; }
    public AgentStatus To { get; private set; }
    public StatusReason Reason { get; private set; }
    public DateTime At { get; private set; }
}
