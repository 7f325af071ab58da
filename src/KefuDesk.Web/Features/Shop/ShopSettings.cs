using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop;

/// <summary>A shop's settings as admins see them. The widget secret is fetched separately, on purpose.</summary>
public sealed record ShopSettingsView(Guid ShopId, string Name, string Platform, string WidgetKey, ServicePolicy Policy, PreChatForm PreChat,
    IReadOnlyList<string> AllowedOrigins, OrderRules OrderRules);

/// <summary>What an admin changes; a missing part stays as it is.</summary>
public sealed record ShopSettingsInput(ServicePolicy? Policy, PreChatForm? PreChat, IReadOnlyList<string>? AllowedOrigins,
    OrderRules? OrderRules = null);

/// <summary>Admins set how a shop's conversations end, what the widget asks, and which sites may embed it.</summary>
public sealed class ShopSettings(IDbContextFactory<KefuDeskDbContext> dbFactory, WidgetSettings widget, ILogger<ShopSettings> log)
{
    public async Task<IReadOnlyList<ShopSettingsView>> ListAsync(Guid organisationId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shops = await db.Shops.AsNoTracking().Where(s => s.OrganisationId == organisationId).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return shops.Select(View).ToList();
    }

    public async Task<ShopSettingsView> ChangeAsync(Guid organisationId, Guid shopId, ShopSettingsInput input, CancellationToken ct)
    {
        // Everything is checked before anything changes.
        var origins = input.AllowedOrigins is { } typed ? Origins(typed) : null;
        if (input.Policy is { IsValid: false })
        {
            throw new KefuDeskException(KefuDeskError.ShopSettingsInvalid,
                "policy: windows 0–10080 minutes, closing message up to 500 characters, replyWarnSeconds 5–3600, replyLateSeconds above it and at most 86400");
        }

        if (input.PreChat is { Enabled: true } form && !(form.AskName || form.AskPhone || form.AskEmail))
        {
            throw new KefuDeskException(KefuDeskError.ShopSettingsInvalid, "preChat: ask for at least one of name, phone, email");
        }

        try
        {
            input.OrderRules?.Checked();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new KefuDeskException(KefuDeskError.ShopSettingsInvalid,
                "orderRules: limits ¥0–¥1,000,000, first review 1–10080 minutes, 0–3 payment reminders a day");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shop = await FindAsync(db, organisationId, shopId, ct);
        if (input.OrderRules is { } rules)
        {
            shop.ChangeOrderRules(rules);
        }

        if (input.Policy is { } newPolicy)
        {
            shop.ChangePolicy(newPolicy with { AutoResolveMessage = newPolicy.AutoResolveMessage?.Trim() ?? "" });
        }

        if (input.PreChat is { } newForm)
        {
            shop.ChangePreChat(newForm);
        }

        if (origins is not null)
        {
            shop.AllowOrigins(origins);
        }

        await db.SaveChangesAsync(ct);
        widget.Forget(shop.Id);
        return View(shop);
    }

    public async Task<string> WidgetSecretAsync(Guid organisationId, Guid shopId, Guid adminId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shop = await FindAsync(db, organisationId, shopId, ct);
        log.LogInformation("Admin {Admin} viewed the widget secret of shop {Shop}", adminId, shopId);
        return shop.WidgetSecret;
    }

    public async Task<string> RotateWidgetSecretAsync(Guid organisationId, Guid shopId, Guid adminId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shop = await FindAsync(db, organisationId, shopId, ct);
        shop.RotateWidgetSecret();
        await db.SaveChangesAsync(ct);
        widget.Forget(shop.Id);
        log.LogWarning("Admin {Admin} replaced the widget secret of shop {Shop}: identities signed with the old one are refused now", adminId, shopId);
        return shop.WidgetSecret;
    }

    /// <summary>Each origin checked and written the way browsers send it; at most 20.</summary>
    private static List<string> Origins(IReadOnlyList<string> typed)
    {
        var origins = new List<string>();
        foreach (var entry in typed.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            var origin = WidgetOrigin.Normalise(entry) ?? throw new KefuDeskException(KefuDeskError.ShopSettingsInvalid, $"origin: {entry.Trim()}");
            if (!origins.Contains(origin))
            {
                origins.Add(origin);
            }
        }

        return origins.Count > WidgetOrigin.MaxPerShop
            ? throw new KefuDeskException(KefuDeskError.ShopSettingsInvalid, $"at most {WidgetOrigin.MaxPerShop} origins")
            : origins;
    }

    private static async Task<Shop> FindAsync(KefuDeskDbContext db, Guid organisationId, Guid shopId, CancellationToken ct) =>
        await db.Shops.FirstOrDefaultAsync(s => s.Id == shopId && s.OrganisationId == organisationId, ct)
        ?? throw new KefuDeskException(KefuDeskError.ShopNotFound);

    private static ShopSettingsView View(Shop s) =>
        new(s.Id, s.Name, s.Platform, s.WidgetKey, s.Policy, s.PreChat,
            s.AllowedOrigins.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), s.OrderRules);
}
