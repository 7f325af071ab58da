using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Routing.Admin;

/// <summary>Bulk reassignment: every open conversation of one agent (or the listed ones) to a colleague or a group.</summary>
public sealed record ReassignInput(Guid FromAgentId, Guid? ToAgentId, Guid? ToGroupId, IReadOnlyList<Guid>? ConversationIds, bool Force = false);

public sealed record ReassignResult(int Moved, IReadOnlyList<Guid> Refused);

/// <summary>
/// A supervisor moves an agent's open conversations at once (the agent leaves, or is swamped). Each
/// one is an ordinary transfer through the conversation writer, so the colleague's limit and the
/// group's shop are checked per conversation; one refused does not stop the rest.
/// </summary>
public sealed class Reassignment(IDbContextFactory<KefuDeskDbContext> dbFactory, ConversationWriter writer, ILogger<Reassignment> log)
{
    public async Task<ReassignResult> MoveAsync(StaffAccess staff, ReassignInput input, CancellationToken ct)
    {
        if ((input.ToAgentId is null) == (input.ToGroupId is null) || input.ToAgentId == input.FromAgentId)
        {
            throw new KefuDeskException(KefuDeskError.TransferInvalid, "name either another agent or a group");
        }

        var shops = staff.ShopIds.ToList();
        List<Guid> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            ids = await db.Conversations.AsNoTracking()
                .Where(c => c.AssigneeId == input.FromAgentId && shops.Contains(c.ShopId)
                            && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending))
                .Select(c => c.Id).ToListAsync(ct);
        }

        if (input.ConversationIds is { } only)
        {
            ids = [.. ids.Intersect(only)];
        }

        var target = new TransferTarget(input.ToAgentId, input.ToGroupId);
        var refused = new List<Guid>();
        foreach (var id in ids)
        {
            try
            {
                await writer.ExecuteAsync(new TransferConversation(staff, id, target, null, input.Force), ct);
            }
            catch (KefuDeskException)
            {
                refused.Add(id); // e.g. the colleague reached their limit: the rest still move
            }
        }

        log.LogInformation("{Supervisor} moved {Moved} conversations of {From} ({Refused} refused)", staff.AgentId, ids.Count - refused.Count,
            input.FromAgentId, refused.Count);
        return new ReassignResult(ids.Count - refused.Count, refused);
    }
}
