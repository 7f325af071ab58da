namespace KefuDesk.Features.Routing.Dispatch;

/// <summary>An agent routing may give a buyer to, as routing sees them during one pass.</summary>
public sealed class Candidate(Guid agentId, string nickname, int limit, int weight, int load, DateTime? lastAssignedAt)
{
    public Guid AgentId { get; } = agentId;
    public string Nickname { get; } = nickname;
    public int Limit { get; } = limit;
    public int Weight { get; } = weight;
    public int Load { get; private set; } = load;
    public DateTime? LastAssignedAt { get; private set; } = lastAssignedAt;

    public bool HasRoom => Load < Limit;

    public void Took(DateTime at)
    {
        Load++;
        LastAssignedAt = at;
    }
}

/// <summary>The group's strategy, choosing among agents with room (all of the same priority tier).</summary>
public static class Distribution
{
    public static Candidate Choose(DistributionStrategy strategy, IReadOnlyList<Candidate> withRoom, Guid? lastAgentId) => strategy switch
    {
        DistributionStrategy.RoundRobin => NextAfter(withRoom, lastAgentId),
        DistributionStrategy.Weighted => withRoom
            .OrderBy(c => (double)c.Load / c.Weight).ThenByDescending(c => c.Weight).ThenBy(c => c.LastAssignedAt ?? DateTime.MinValue).ThenBy(c => c.AgentId)
            .First(),
        _ => withRoom.OrderBy(c => c.Load).ThenBy(c => c.LastAssignedAt ?? DateTime.MinValue).ThenBy(c => c.AgentId).First(),
    };

    /// <summary>In a fixed order (by id), the first agent after the last one served; wraps around.</summary>
    private static Candidate NextAfter(IReadOnlyList<Candidate> withRoom, Guid? lastAgentId)
    {
        var ordered = withRoom.OrderBy(c => c.AgentId).ToList();
        return lastAgentId is { } last && ordered.FirstOrDefault(c => c.AgentId.CompareTo(last) > 0) is { } next ? next : ordered[0];
    }
}
