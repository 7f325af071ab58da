using System.Security.Cryptography;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations.Attachments;

/// <summary>Who is uploading or downloading: a buyer of a shop, or staff serving some shops.</summary>
public sealed record AttachmentParty(Guid? CustomerId, Guid? AgentId, IReadOnlySet<Guid> ShopIds)
{
    public static AttachmentParty Buyer(Guid customerId, Guid shopId) => new(customerId, null, new HashSet<Guid> { shopId });

    public static AttachmentParty Staff(Guid agentId, IReadOnlySet<Guid> shopIds) => new(null, agentId, shopIds);

    /// <summary>A channel's adapter storing what a buyer sent there, before we know which buyer record it is.</summary>
    public static AttachmentParty Channel(Guid shopId) => new(null, null, new HashSet<Guid> { shopId });
}

/// <summary>
/// Takes uploads (checked, hashed, stored; the row is written only once the bytes are safe on disk)
/// and hands files back only to the parties of their conversation.
/// </summary>
public sealed class Attachments(IDbContextFactory<KefuDeskDbContext> dbFactory, IAttachmentStore store, TimeProvider clock)
{
    public Task<AttachmentInfo> UploadAsync(AttachmentParty uploader, Guid shopId, IFormFile file, CancellationToken ct) =>
        UploadAsync(uploader, shopId, file.FileName, file.Length, file.OpenReadStream, ct);

    /// <param name="openRead">Opens the content from the start; called a few times (sniff, hash, store).</param>
    public async Task<AttachmentInfo> UploadAsync(AttachmentParty uploader, Guid shopId, string fileName, long length, Func<Stream> openRead,
        CancellationToken ct)
    {
        if (!uploader.ShopIds.Contains(shopId))
        {
            throw new KefuDeskException(KefuDeskError.ConversationForbidden);
        }

        var name = AttachmentRules.CleanFileName(fileName);
        var head = new byte[16];
        int read;
        await using (var peek = openRead())
        {
            read = await peek.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        }

        var contentType = AttachmentRules.Check(name, head.AsSpan(0, read), length);
        name = AttachmentRules.NameFor(name, contentType);
        string sha;
        await using (var hashing = openRead())
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(hashing, ct));
        }

        var id = Guid.CreateVersion7(clock.GetUtcNow());
        await using (var content = openRead())
        {
            await store.SaveAsync(id, content, ct);
        }

        var attachment = new Attachment(id, shopId, uploader.CustomerId, uploader.AgentId, name, contentType, length, sha,
            clock.GetUtcNow().UtcDateTime);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.Attachments.Add(attachment);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            store.Delete(id); // nothing half-written
            throw;
        }

        return attachment.Info;
    }

    /// <summary>Removes a file no message took (its message was refused), so nothing is left half-written.</summary>
    public async Task DiscardUnusedAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Attachments.Where(a => a.Id == id && a.ConversationId == null).ExecuteDeleteAsync(ct) > 0)
        {
            store.Delete(id);
        }
    }

    /// <summary>The file, if the party may see it: its uploader, the conversation's buyer, or staff of its shop.</summary>
    public async Task<(Attachment Attachment, Stream Content)> OpenAsync(AttachmentParty reader, Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        var allowed = attachment is not null && reader.ShopIds.Contains(attachment.ShopId) && (reader.AgentId is not null
            || attachment.UploadedByCustomerId == reader.CustomerId
            || (attachment.ConversationId is { } conversation
                && await db.Conversations.AnyAsync(c => c.Id == conversation && c.CustomerId == reader.CustomerId, ct)));
        if (!allowed)
        {
            throw new KefuDeskException(KefuDeskError.AttachmentNotFound);
        }

        return (attachment!, store.OpenRead(attachment!.Id));
    }
}
