using KefuDesk.Features.Routing;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Identity;

/// <summary>The first administrator and what they need to start: an organisation and a shop.</summary>
public sealed record FirstAdmin(string OrganisationName, string ShopName, string UserName, string DisplayName, string Password);

/// <summary>Roles exist on every install; a fresh install gets its first admin from configuration or the /setup page.</summary>
public sealed class StaffSetup(KefuDeskDbContext db, UserManager<Agent> users, RoleManager<IdentityRole<Guid>> roles, TimeProvider clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }
    }

    public Task<bool> HasAdminAsync() =>
        db.UserRoles.Join(db.Roles.Where(r => r.Name == StaffRoles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur).AnyAsync();

    /// <summary>Creates the organisation, its first shop (with 售前/售后 groups) and the admin, all or nothing.</summary>
    public async Task<Agent> CreateFirstAdminAsync(FirstAdmin first)
    {
        if (await HasAdminAsync())
        {
            throw new InvalidOperationException("An administrator already exists.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync();
        var org = new Organisation(Guid.CreateVersion7(), first.OrganisationName.Trim(), now);
        var shop = new Shop.Shop(Guid.CreateVersion7(), org.Id, first.ShopName.Trim(), NewWidgetKey(), "own", now);
        db.Organisations.Add(org);
        db.Shops.Add(shop);
        db.ConsultationCategories.AddRange(Conversations.ConsultationCategory.Defaults(org.Id));
        db.SkillGroups.Add(new SkillGroup(Guid.CreateVersion7(), shop.Id, "售前", ServiceType.PreSales));
        db.SkillGroups.Add(new SkillGroup(Guid.CreateVersion7(), shop.Id, "售后", ServiceType.AfterSales));
        await db.SaveChangesAsync();

        var admin = new Agent(Guid.CreateVersion7(), org.Id, first.UserName.Trim(), first.DisplayName.Trim(), first.DisplayName.Trim(), now);
        admin.Serve(shop.Id);
        var created = await users.CreateAsync(admin, first.Password);
        if (!created.Succeeded)
        {
            throw new KefuDeskException(
                created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? KefuDeskError.PasswordWeak : KefuDeskError.AgentInvalid,
                string.Join("; ", created.Errors.Select(e => e.Code)));
        }

        await users.AddToRoleAsync(admin, StaffRoles.Admin);
        await tx.CommitAsync();
        return admin;
    }

    private static string NewWidgetKey() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
}
