using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations.Categories;

public sealed record CategoryNode(Guid Id, Guid? ParentId, string Name, int SortOrder, bool Active, IReadOnlyList<CategoryNode> Children);

public sealed record CategoryInput(Guid? ParentId, string? Name, bool? Active);

/// <summary>The organisation's consultation category tree: read by everyone, shaped by admins. Two levels.</summary>
public sealed class ConsultationCategories(IDbContextFactory<KefuDeskDbContext> dbFactory)
{
    public async Task<IReadOnlyList<CategoryNode>> TreeAsync(Guid organisationId, bool includeRetired, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await db.ConsultationCategories.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && (includeRetired || c.Active))
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .ToListAsync(ct);
        var children = all.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value);
        return all.Where(c => c.ParentId is null)
            .Select(p => new CategoryNode(p.Id, null, p.Name, p.SortOrder, p.Active,
                children[p.Id].Select(c => new CategoryNode(c.Id, c.ParentId, c.Name, c.SortOrder, c.Active, [])).ToList()))
            .ToList();
    }

    public async Task<CategoryNode> AddAsync(Guid organisationId, CategoryInput input, CancellationToken ct = default)
    {
        var name = CleanName(input.Name);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (input.ParentId is { } parentId)
        {
            var parent = await db.ConsultationCategories.FirstOrDefaultAsync(c => c.Id == parentId && c.OrganisationId == organisationId, ct);
            if (parent is null || parent.ParentId is not null)
            {
                throw new KefuDeskException(KefuDeskError.CategoryInvalid);
            }
        }

        var order = await db.ConsultationCategories.Where(c => c.OrganisationId == organisationId && c.ParentId == input.ParentId)
            .Select(c => (int?)c.SortOrder).MaxAsync(ct) ?? -1;
        var category = new ConsultationCategory(Guid.NewGuid(), organisationId, input.ParentId, name, order + 1);
        db.ConsultationCategories.Add(category);
        await db.SaveChangesAsync(ct);
        return new CategoryNode(category.Id, category.ParentId, category.Name, category.SortOrder, true, []);
    }

    public async Task<CategoryNode> ChangeAsync(Guid organisationId, Guid id, CategoryInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var category = await db.ConsultationCategories.FirstOrDefaultAsync(c => c.Id == id && c.OrganisationId == organisationId, ct)
            ?? throw new KefuDeskException(KefuDeskError.CategoryInvalid);
        if (input.Name is not null)
        {
            category.Rename(CleanName(input.Name));
        }

        if (input.Active is false)
        {
            category.Retire();
        }
        else if (input.Active is true)
        {
            category.Restore();
        }

        await db.SaveChangesAsync(ct);
        return new CategoryNode(category.Id, category.ParentId, category.Name, category.SortOrder, category.Active, []);
    }

    /// <summary>Organisations from before categories existed get the default tree (at start, once).</summary>
    public async Task EnsureDefaultsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var bare = await db.Organisations.Where(o => !db.ConsultationCategories.Any(c => c.OrganisationId == o.Id)).Select(o => o.Id).ToListAsync(ct);
        foreach (var organisation in bare)
        {
            db.ConsultationCategories.AddRange(ConsultationCategory.Defaults(organisation));
        }

        await db.SaveChangesAsync(ct);
    }

    private static string CleanName(string? name)
    {
        var clean = name?.Trim() ?? "";
        return clean.Length is 0 or > ConsultationCategory.NameMaxLength ? throw new KefuDeskException(KefuDeskError.CategoryInvalid) : clean;
    }
}
