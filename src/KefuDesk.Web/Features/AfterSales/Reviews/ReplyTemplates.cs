using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>A reply template as lists show it. <c>SuitsRating</c> null: any review.</summary>
public sealed record ReplyTemplateView(Guid Id, Guid ShopId, string Name, string Body, ReviewRating? SuitsRating, DateTime UpdatedAt);

/// <summary><c>suitsRating</c>: good | neutral | bad, or null for any review.</summary>
public sealed record ReplyTemplateInput(Guid ShopId, string Name, string Body, string? SuitsRating = null);

/// <summary>The shop's reply templates: everyone serving the shop uses them, supervisors write them.</summary>
public sealed class ReplyTemplates(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock, IStringLocalizer<SharedResource> text,
    ILogger<ReplyTemplates> log)
{
    public const int MaxPerShop = 100;

    public async Task<IReadOnlyList<ReplyTemplateView>> ListAsync(StaffAccess staff, Guid shopId, CancellationToken ct = default)
    {
        if (!staff.Serves(shopId))
        {
            throw new KefuDeskException(ReviewErrors.TemplateInvalid, text["Review.Check.Shop"]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<ReplyTemplate>().AsNoTracking().Where(t => t.ShopId == shopId).OrderBy(t => t.Name)
            .Select(t => new ReplyTemplateView(t.Id, t.ShopId, t.Name, t.Body, t.SuitsRating, t.UpdatedAt)).ToListAsync(ct);
    }

    /// <summary>Adds a template (<paramref name="id"/> null) or changes one.</summary>
    public async Task<ReplyTemplateView> SaveAsync(StaffAccess staff, Guid? id, ReplyTemplateInput input, CancellationToken ct = default)
    {
        try
        {
            var (name, body, suits) = Checked(staff, input);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            ReplyTemplate template;
            if (id is { } existing)
            {
                template = await db.Set<ReplyTemplate>().FirstOrDefaultAsync(t => t.Id == existing && t.ShopId == input.ShopId, ct)
                           ?? throw new KefuDeskException(ReviewErrors.TemplateNotFound);
                template.Change(name, body, suits, now);
            }
            else
            {
                if (await db.Set<ReplyTemplate>().CountAsync(t => t.ShopId == input.ShopId, ct) >= MaxPerShop)
                {
                    throw new KefuDeskException(ReviewErrors.TemplateInvalid, text["Review.Check.TemplateCount", MaxPerShop]);
                }

                template = new ReplyTemplate(Guid.CreateVersion7(now), input.ShopId, name, body, suits, now);
                db.Set<ReplyTemplate>().Add(template);
            }

            if (await db.Set<ReplyTemplate>().AnyAsync(t => t.ShopId == input.ShopId && t.Name == name && t.Id != template.Id, ct))
            {
                throw new KefuDeskException(ReviewErrors.TemplateInvalid, text["Review.Check.TemplateName"]);
            }

            await db.SaveChangesAsync(ct);
            return new ReplyTemplateView(template.Id, template.ShopId, template.Name, template.Body, template.SuitsRating, template.UpdatedAt);
        }
        catch (KefuDeskException refused)
        {
            log.LogInformation("Reply template change by {Agent} refused: {Reason}", staff.AgentId, refused.Message);
            throw;
        }
    }

    public async Task DeleteAsync(StaffAccess staff, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = await db.Set<ReplyTemplate>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null || !staff.Serves(template.ShopId))
        {
            throw new KefuDeskException(ReviewErrors.TemplateNotFound);
        }

        if (!staff.MaySupervise)
        {
            log.LogInformation("Reply template deletion by {Agent} refused: supervisors only", staff.AgentId);
            throw new KefuDeskException(ReviewErrors.SupervisorOnly);
        }

        db.Set<ReplyTemplate>().Remove(template);
        await db.SaveChangesAsync(ct);
    }

    private (string Name, string Body, ReviewRating? Suits) Checked(StaffAccess staff, ReplyTemplateInput input)
    {
        if (!staff.MaySupervise)
        {
            throw new KefuDeskException(ReviewErrors.SupervisorOnly);
        }

        if (!staff.Serves(input.ShopId))
        {
            throw new KefuDeskException(ReviewErrors.TemplateInvalid, text["Review.Check.Shop"]);
        }

        var name = input.Name?.Trim() ?? "";
        var body = input.Body?.Trim() ?? "";
        if (name.Length is 0 or > ReplyTemplate.NameMaxLength)
        {
            throw new KefuDeskException(ReviewErrors.TemplateInvalid, text["Review.Check.TemplateNameLength", ReplyTemplate.NameMaxLength]);
        }

        if (body.Length is 0 or > ReplyTemplate.BodyMaxLength)
        {
            throw new KefuDeskException(ReviewErrors.TemplateInvalid, text["Review.Check.TemplateBodyLength", ReplyTemplate.BodyMaxLength]);
        }

        if (ReplyTemplate.UnknownVariables(body) is { Count: > 0 } unknown)
        {
            throw new KefuDeskException(ReviewErrors.TemplateInvalid,
                text["Review.Check.TemplateVariables", string.Join(" ", unknown), string.Join(" ", ReplyTemplate.Variables)]);
        }

        ReviewRating? suits = string.IsNullOrWhiteSpace(input.SuitsRating) ? null
            : !char.IsAsciiDigit(input.SuitsRating[0]) && Enum.TryParse<ReviewRating>(input.SuitsRating, true, out var r) && Enum.IsDefined(r) ? r
            : throw new KefuDeskException(ReviewErrors.TemplateInvalid, text["Review.Check.TemplateRating"]);
        return (name, body, suits);
    }
}
