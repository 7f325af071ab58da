using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop;

public static class ServedShops
{
    /// <summary>The shops a staff member serves, by name, oldest first: every page's shop picker.</summary>
    public static async Task<IReadOnlyList<(Guid Id, string Name)>> ServedShopsAsync(this KefuDeskDbContext db, StaffAccess staff,
        CancellationToken ct = default)
    {
        var ids = staff.ShopIds.ToList();
        return (await db.Shops.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.CreatedAt)
            .Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name)).ToList();
    }
}
