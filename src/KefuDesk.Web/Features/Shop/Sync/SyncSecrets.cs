using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Sync;

/// <summary>The shop's sync secret for admins: shown on request (logged), replaced when it leaked or never existed.</summary>
public sealed class SyncSecrets(IDbContextFactory<KefuDeskDbContext> dbFactory, PublicAddress address, ILogger<SyncSecrets> log)
{
    public async Task<SyncSecretView> RevealAsync(Guid organisationId, Guid shopId, Guid adminId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shop = await FindAsync(db, organisationId, shopId, ct);
        log.LogInformation("Admin {Admin} viewed the sync secret of shop {Shop}", adminId, shopId);
        return new SyncSecretView(shop.SyncSecret, SyncApi.WebhookUrl(address, shopId));
    }

    public async Task<SyncSecretView> RotateAsync(Guid organisationId, Guid shopId, Guid adminId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shop = await FindAsync(db, organisationId, shopId, ct);
        shop.RotateSyncSecret();
        await db.SaveChangesAsync(ct);
        log.LogWarning("Admin {Admin} replaced the sync secret of shop {Shop}: webhooks signed with the old one are refused now", adminId, shopId);
        return new SyncSecretView(shop.SyncSecret, SyncApi.WebhookUrl(address, shopId));
    }

    /// <summary>A shop made before sync existed has no secret: its webhooks are refused until an admin creates one.</summary>
    public async Task<bool> HasSecretAsync(Guid organisationId, Guid shopId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await FindAsync(db, organisationId, shopId, ct)).SyncSecret.Length > 0;
    }

    private static async Task<Shop> FindAsync(KefuDeskDbContext db, Guid organisationId, Guid shopId, CancellationToken ct) =>
        await db.Shops.FirstOrDefaultAsync(s => s.Id == shopId && s.OrganisationId == organisationId, ct)
        ?? throw new KefuDeskException(KefuDeskError.ShopNotFound);
}
