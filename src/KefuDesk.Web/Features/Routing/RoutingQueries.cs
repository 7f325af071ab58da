using KefuDesk.Features.Conversations;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Infrastructure.Data;

namespace KefuDesk.Features.Routing;

/// <summary>Query pieces routing shares, so the router, the board, the widget's queue place and VIP tagging agree.</summary>
public static class RoutingQueries
{
    /// <summary>Buyers waiting for an agent: unassigned, not left as a 留言, not ended; phone calls are never routed.</summary>
    public static IQueryable<Conversation> AwaitingRouting(this IQueryable<Conversation> conversations) =>
        conversations.Where(c => c.AssigneeId == null && !c.LeftOffline
                                 && (c.Status == ConversationStatus.New || c.Status == ConversationStatus.Queued)
                                 && c.Channel != Channel.Phone);

    /// <summary>The agent's seat, tracked; a new one (离线, default limit) is added when the agent has none yet.</summary>
    public static AgentSeat SeatFor(this KefuDeskDbContext db, Guid agentId, DateTime at)
    {
        var seat = db.AgentSeats.Find(agentId);
        if (seat is null)
        {
            seat = new AgentSeat(agentId, at);
            db.AgentSeats.Add(seat);
        }

        return seat;
    }
}
