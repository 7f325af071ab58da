using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Search.Transcripts;

/// <summary>
/// Builds a conversation's transcript in three queries however long it is: the conversation with
/// its shop and buyer, every message, and the names of the agents involved.
/// </summary>
public sealed class TranscriptQueries(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock)
{
    public async Task<Transcript> ForAsync(StaffAccess staff, Guid conversationId, bool includeInternal, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await (
                from c in db.Conversations.AsNoTracking()
                where c.Id == conversationId
                join s in db.Shops on c.ShopId equals s.Id
                join cu in db.Set<Customer>() on c.CustomerId equals cu.Id
                select new { c.Id, c.ShopId, ShopName = s.Name, c.Channel, c.Status, c.CreatedAt, c.Subject, c.CustomerId, CustomerName = cu.DisplayName, c.AssigneeId })
            .FirstOrDefaultAsync(ct)
            ?? throw new KefuDeskException(KefuDeskError.ConversationNotFound);
        if (!staff.Serves(head.ShopId))
        {
            throw new KefuDeskException(KefuDeskError.ConversationForbidden);
        }

        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && (includeInternal || m.Visibility == MessageVisibility.Public))
            .OrderBy(m => m.Sequence)
            .ToListAsync(ct);
        var messages = rows.Select(ToTranscript).ToList();

        var agentIds = messages.Select(m => m.SenderAgentId).Append(head.AssigneeId).OfType<Guid>().Distinct().ToList();
        var names = await db.Set<Agent>().AsNoTracking().Where(a => agentIds.Contains(a.Id))
            .Select(a => new { a.Id, a.DisplayName }).ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        var agents = agentIds.Where(names.ContainsKey).Select(id => new TranscriptAgent(id, names[id])).ToList();

        var started = TranscriptCanonical.Microseconds(head.CreatedAt);
        var canonical = TranscriptCanonical.Text(head.Id, head.ShopId, head.Channel, head.CustomerId, started, head.Subject, includeInternal, messages);
        return new Transcript(TranscriptCanonical.Format, head.Id, head.ShopId, head.ShopName, head.Channel, head.Status, started, head.Subject,
            head.CustomerId, head.CustomerName, Customer.CodeFor(head.CustomerId), agents, includeInternal, messages,
            TranscriptCanonical.HashOf(canonical), clock.GetUtcNow().UtcDateTime, staff.Nickname,
            head.AssigneeId is { } assignee && names.TryGetValue(assignee, out var name) ? new TranscriptAgent(assignee, name) : null);
    }

    private static TranscriptMessage ToTranscript(Message m)
    {
        var content = MessageContent.FromJson(m.Content);
        return new TranscriptMessage(m.Sequence, m.Id, TranscriptCanonical.Microseconds(m.CreatedAt), m.Kind, m.Sender, m.SenderAgentId,
            m.SenderName, m.IsInternal, m.RecalledAt is { } r ? TranscriptCanonical.Microseconds(r) : null, m.Body, content?.Attachment,
            content?.Product, content?.Order, content?.Survey?.Rating);
    }
}
