namespace KefuDesk.Features.Routing.Groups;

/// <summary>An agent in a skill group. Priority 1 agents take the group's buyers first; 2, 3… only when all before them are full.</summary>
public sealed class SkillGroupMember
{
    public const int MaxPriority = 9;

    private SkillGroupMember() { }

    public SkillGroupMember(Guid groupId, Guid agentId, int priority)
    {
        GroupId = groupId;
        AgentId = agentId;
        Priority = priority;
    }

    public Guid GroupId { get; private set; }
    public Guid AgentId { get; private set; }
    public int Priority { get; private set; }
}
