using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Channels;

/// <summary>
/// Links to a conversation's files for a channel that must fetch them (an IM bridge, WeChat's
/// media upload): the token names one attachment and expires; it is protected with the cluster's
/// keys, so any node can check it and nobody can make one.
/// </summary>
public sealed class ChannelFiles(IDataProtectionProvider protection, PublicAddress address, IAttachmentStore store,
    IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("KefuDesk.ChannelFile.v1").ToTimeLimitedDataProtector();

    public string LinkFor(Guid attachmentId) => address.For($"/api/channels/files/{_protector.Protect(attachmentId.ToString("N"), Lifetime)}").ToString();

    public async Task<(Attachment Attachment, Stream Content)> OpenAsync(string token, CancellationToken ct)
    {
        Guid id;
        try
        {
            id = Guid.ParseExact(_protector.Unprotect(token), "N");
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException)
        {
            throw new KefuDeskException(KefuDeskError.AttachmentNotFound);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new KefuDeskException(KefuDeskError.AttachmentNotFound);
        return (attachment, store.OpenRead(id));
    }
}

public static class ChannelFilesApi
{
    public static IEndpointRouteBuilder MapChannelFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/channels/files/{token}", async (string token, ChannelFiles files, CancellationToken ct) =>
            {
                var (attachment, content) = await files.OpenAsync(token, ct);
                return TypedResults.File(content, attachment.ContentType, AttachmentRules.NameFor(attachment.FileName, attachment.ContentType));
            })
            .AllowAnonymous().WithTags("Channels").WithName("ChannelFile")
            .WithSummary("A conversation's file, for a channel holding a signed link (valid for 7 days)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
