using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Routing.Agents;

/// <summary>
/// An agent's place in routing: their status, reception limit (接待上限) and weight. Every assignment
/// to the agent touches <see cref="Version"/> in the same transaction, so two nodes assigning to the
/// same agent at once cannot both pass the limit check: one of them retries and counts again.
/// </summary>
public sealed class AgentSeat
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 200;
    public const int MaxWeight = 100;

    private AgentSeat() { }

    public AgentSeat(Guid agentId, DateTime at)
    {
        AgentId = agentId;
        Status = AgentStatus.Offline;
        StatusSince = at;
        LastActiveAt = at;
    }

    public Guid AgentId { get; private set; }
    public AgentStatus Status { get; private set; }
    public DateTime StatusSince { get; private set; }
    public StatusReason StatusReason { get; private set; }

    /// <summary>Null: the default of <see cref="DefaultLimit"/>.</summary>
    public int? ReceptionLimit { get; private set; }

    /// <summary>权重 for weighted distribution: an agent with weight 2 takes twice the share of weight 1.</summary>
    public int Weight { get; private set; } = 1;

    public DateTime? LastAssignedAt { get; private set; }

    /// <summary>Last keyboard or mouse activity in the workspace (for automatic 离开).</summary>
    public DateTime LastActiveAt { get; private set; }

    public int Version { get; private set; }

    public int Limit => ReceptionLimit ?? DefaultLimit;

    /// <summary>Changes the status; returns the fact to record, or null when nothing changed.</summary>
    public AgentStatusChange? ChangeStatus(AgentStatus status, StatusReason reason, DateTime at)
    {
        if (status == Status)
        {
            return null;
        }

        var change = new AgentStatusChange(Guid.CreateVersion7(at), AgentId, Status, status, reason, at);
        Status = status;
        StatusReason = reason;
        StatusSince = at;
        if (reason is StatusReason.Chosen or StatusReason.SignedIn or StatusReason.Returned)
        {
            LastActiveAt = at;
        }

        return change;
    }

    public void Touch(DateTime at)
    {
        if (at > LastActiveAt)
        {
            LastActiveAt = at;
        }
    }

    public void Configure(int? receptionLimit, int weight)
    {
        if (receptionLimit is < 0 or > MaxLimit || weight is < 1 or > MaxWeight)
        {
            throw new KefuDeskException(KefuDeskError.RoutingInvalid, $"limit 0–{MaxLimit}, weight 1–{MaxWeight}");
        }

        ReceptionLimit = receptionLimit;
        Weight = weight;
    }

    /// <summary>A conversation was given to the agent: the version moves so a concurrent assignment retries.</summary>
    public void Seated(DateTime at)
    {
        LastAssignedAt = at;
        Version++;
    }
}
