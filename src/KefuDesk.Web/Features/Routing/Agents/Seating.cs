using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Routing.Agents;

/// <summary>
/// The reception-limit guard every assignment passes through, inside the conversation writer's
/// transaction: count the agent's open conversations, refuse at the limit unless forced, and move
/// the agent's seat version so a concurrent assignment on another node fails and counts again.
/// </summary>
public static class Seating
{
    /// <summary>Open and pending conversations occupy a seat; resolved ones free it.</summary>
    public static int LoadOf(WriteBatch batch, Guid agentId) => Counter(batch, agentId).Value;

    /// <summary>Takes a seat of the agent for one more conversation; refuses with <c>reception_limit_reached</c>.</summary>
    public static void Take(WriteBatch batch, Guid agentId, bool force)
    {
        var seat = batch.Db.SeatFor(agentId, batch.Now);
        var load = Counter(batch, agentId);
        if (!force && load.Value >= seat.Limit)
        {
            throw new KefuDeskException(KefuDeskError.ReceptionLimitReached, $"{load.Value}/{seat.Limit}");
        }

        load.Value++;
        seat.Seated(batch.Now);
    }

    /// <summary>
    /// A colleague takes a transferred buyer only when at the desk: 在线 or 忙碌 (busy means no new
    /// buyers from routing, not deaf to a colleague) with a workspace open. Away, on a break or
    /// offline, the transfer is refused with their status, before the buyer hears a name that will
    /// not answer.
    /// </summary>
    public static void EnsureTakesTransfers(WriteBatch batch, Guid agentId)
    {
        var status = batch.Db.AgentSeats.Find(agentId)?.Status ?? AgentStatus.Offline;
        var present = batch.Db.AgentPresences.Find(agentId)?.IsOnline(batch.Now) ?? false;
        if (!present)
        {
            status = AgentStatus.Offline;
        }

        if (status is not (AgentStatus.Online or AgentStatus.Busy))
        {
            throw new KefuDeskException(KefuDeskError.TransferAgentUnavailable, status.ToString().ToLowerInvariant());
        }
    }

    private static Load Counter(WriteBatch batch, Guid agentId) => batch.Cached(agentId, () => new Load
    {
        Value = batch.Db.Conversations.Count(c => c.AssigneeId == agentId
                                                  && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending)),
    });

    private sealed class Load
    {
        public int Value { get; set; }
    }
}
