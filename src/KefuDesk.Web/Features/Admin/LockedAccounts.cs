using KefuDesk.Features.Audit;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Admin;

/// <summary>An admin lets a locked-out staff member sign in again at once, on the record.</summary>
public sealed class LockedAccounts(IDbContextFactory<KefuDeskDbContext> dbFactory, RateLimits limits, TimeProvider clock, ILogger<LockedAccounts> log)
{
    public const string UnlockedAction = "agent.unlocked";

    public async Task UnlockAsync(Guid organisationId, Guid agentId, AuditActor admin, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agent = await db.Users.FirstOrDefaultAsync(a => a.Id == agentId && a.OrganisationId == organisationId, ct)
            ?? throw new KefuDeskException(KefuDeskError.AgentNotFound);

        var shopId = await TeamAdmin.AuditShopAsync(db, organisationId, agentId, ct);
        var now = clock.GetUtcNow();
        var lockedUntil = agent.LockoutEnd > now ? agent.LockoutEnd : null;
        agent.LockoutEnd = null;
        agent.AccessFailedCount = 0;
        agent.ConcurrencyStamp = Guid.NewGuid().ToString();
        db.AuditEntries.Add(new AuditEntry(organisationId, shopId, AuditSubjects.Agent, agent.Id, agent.UserName ?? "", UnlockedAction, admin,
            now.UtcDateTime, new { lockedUntil }, new { lockedUntil = (DateTimeOffset?)null }));
        await db.SaveChangesAsync(ct);

        // A full budget of attempts again, or the next wrong password would lock the account at once.
        await limits.ForgetAsync(RateLimits.SignInPerAccount, agent.Id.ToString("N"));
        log.LogInformation("Staff account {UserName} unlocked by {Admin}", agent.UserName, admin.Name);
    }
}
