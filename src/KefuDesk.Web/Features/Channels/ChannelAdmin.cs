using System.Text.Json;
using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Channels;

public sealed record ChannelRow(Guid Id, Guid ShopId, string ShopName, ChannelKind Kind, string Name, bool Enabled, JsonElement Settings,
    bool HasSecret, DateTime CreatedAt, string? LastError = null, DateTime? LastErrorAt = null);

public sealed record ChannelInput(Guid? ShopId, ChannelKind? Kind, string? Name, JsonElement? Settings, string? Secret, bool? Enabled);

/// <summary>What a connection check tries: the form's values, and for a connected channel its id (an empty secret: the one saved).</summary>
public sealed record ChannelCheckInput(ChannelKind? Kind, JsonElement? Settings, string? Secret, Guid? ChannelId = null);

public sealed record ChannelCheckResult(bool Ok, IReadOnlyList<ChannelCheckStep> Steps);

public sealed record DeliveryRow(Guid Id, string ChannelName, ChannelKind Kind, Guid ConversationId, Guid MessageId, DeliveryStatus Status,
    int Attempts, string? LastError, DateTime CreatedAt, DateTime NextAttemptAt, DateTime? DeliveredAt);

/// <summary>What admins do with channel accounts and with replies that could not be delivered.</summary>
public sealed class ChannelAdmin(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    IEnumerable<IChannelAdapter> adapters,
    ChannelSecrets secrets,
    DeliveryNudge nudge,
    TimeProvider clock)
{
    private readonly Dictionary<ChannelKind, IChannelAdapter> _adapters = adapters.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Last()); // the last registered wins

    public async Task<IReadOnlyList<ChannelRow>> ListAsync(Guid organisationId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ChannelAccounts.AsNoTracking()
            .Join(db.Shops.Where(s => s.OrganisationId == organisationId), c => c.ShopId, s => s.Id, (c, s) => new { c, s.Name })
            .OrderBy(x => x.c.CreatedAt).ToListAsync(ct);
        return rows.Select(x => Row(x.c, x.Name)).ToList();
    }

    public async Task<ChannelRow> AddAsync(Guid organisationId, ChannelInput input, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        if (input.ShopId is not { } shopId || input.Kind is not { } kind || name.Length is 0 or > ChannelAccount.NameMaxLength)
        {
            throw new KefuDeskException(KefuDeskError.ChannelInvalid, "shopId, kind and a name of 1–50 characters");
        }

        var settings = Checked(kind, input.Settings, input.Secret);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shop = await db.Shops.FirstOrDefaultAsync(s => s.Id == shopId && s.OrganisationId == organisationId, ct)
            ?? throw new KefuDeskException(KefuDeskError.ShopInvalid);
        var account = new ChannelAccount(Guid.CreateVersion7(), shop.Id, kind, name, settings, secrets.Protect(input.Secret ?? ""),
            clock.GetUtcNow().UtcDateTime);
        db.ChannelAccounts.Add(account);
        await db.SaveChangesAsync(ct);
        return Row(account, shop.Name);
    }

    public async Task<ChannelRow> ChangeAsync(Guid organisationId, Guid id, ChannelInput input, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (account, shopName) = await FindAsync(db, organisationId, id, ct);
        if (input.Name is { } name)
        {
            account.Rename(name.Trim().Length is 0 or > ChannelAccount.NameMaxLength
                ? throw new KefuDeskException(KefuDeskError.ChannelInvalid, "a name of 1–50 characters")
                : name.Trim());
        }

        if (input.Settings is not null || input.Secret is not null)
        {
            var secret = input.Secret ?? secrets.Reveal(account.ProtectedSecret);
            account.Configure(Checked(account.Kind, input.Settings ?? JsonDocument.Parse(account.Settings).RootElement, secret));
            if (input.Secret is not null)
            {
                account.ReplaceSecret(secrets.Protect(input.Secret));
            }
        }

        if (input.Enabled is true)
        {
            account.Enable();
        }
        else if (input.Enabled is false)
        {
            account.Disable();
        }

        await db.SaveChangesAsync(ct);
        return Row(account, shopName);
    }

    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Tries a channel's settings before (or after) saving them: checked like a save first (a wrong
    /// field is refused with its name), then the adapter connects, within <see cref="CheckTimeout"/>.
    /// </summary>
    public async Task<ChannelCheckResult> CheckAsync(Guid organisationId, ChannelCheckInput input, CancellationToken ct)
    {
        var kind = input.Kind;
        var secret = input.Secret;
        if (input.ChannelId is { } id)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var (account, _) = await FindAsync(db, organisationId, id, ct);
            kind ??= account.Kind;
            if (string.IsNullOrEmpty(secret))
            {
                secret = secrets.Reveal(account.ProtectedSecret);
            }
        }

        if (kind is not { } known)
        {
            throw new KefuDeskException(KefuDeskError.ChannelInvalid, "kind: imBridge, email or weChat");
        }

        var json = Checked(known, input.Settings, secret);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        IReadOnlyList<ChannelCheckStep> steps;
        try
        {
            steps = await _adapters[known].CheckAsync(JsonDocument.Parse(json).RootElement, secret ?? "", timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            steps = [new ChannelCheckStep("timeout", false, $"{CheckTimeout.TotalSeconds:0} s")];
        }

        return new ChannelCheckResult(steps.All(s => s.Ok), steps);
    }

    public async Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync(Guid organisationId, DeliveryStatus status, int offset, int limit, CancellationToken ct)
    {
        if (offset < 0 || limit is < 1 or > 200)
        {
            throw new KefuDeskException(KefuDeskError.PagingInvalid);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (
                from d in db.OutboundDeliveries.Where(d => d.Status == status)
                join c in db.ChannelAccounts on d.ChannelAccountId equals c.Id
                join s in db.Shops.Where(s => s.OrganisationId == organisationId) on c.ShopId equals s.Id
                orderby d.CreatedAt descending
                select new DeliveryRow(d.Id, c.Name, c.Kind, d.ConversationId, d.MessageId, d.Status, d.Attempts, d.LastError, d.CreatedAt,
                    d.NextAttemptAt, d.DeliveredAt))
            .Skip(offset).Take(limit).ToListAsync(ct);
    }

    /// <summary>An admin sends a dead letter again.</summary>
    public async Task RetryAsync(Guid organisationId, Guid deliveryId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await (
                from d in db.OutboundDeliveries.Where(d => d.Id == deliveryId)
                join c in db.ChannelAccounts on d.ChannelAccountId equals c.Id
                join s in db.Shops.Where(s => s.OrganisationId == organisationId) on c.ShopId equals s.Id
                select d)
            .FirstOrDefaultAsync(ct) ?? throw new KefuDeskException(KefuDeskError.DeliveryNotFound);
        delivery.Retry(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        nudge.Now();
    }

    private string Checked(ChannelKind kind, JsonElement? settings, string? secret)
    {
        var element = settings is { ValueKind: JsonValueKind.Object } s ? s : JsonDocument.Parse("{}").RootElement;
        var adapter = _adapters.GetValueOrDefault(kind) ?? throw new KefuDeskException(KefuDeskError.ChannelInvalid, $"{kind} channels are not available");
        adapter.Validate(element, secret);
        var json = element.GetRawText();
        return json.Length > ChannelAccount.SettingsMaxLength ? throw new KefuDeskException(KefuDeskError.ChannelInvalid, "settings too long") : json;
    }

    private static async Task<(ChannelAccount Account, string ShopName)> FindAsync(KefuDeskDbContext db, Guid organisationId, Guid id, CancellationToken ct)
    {
        var found = await db.ChannelAccounts.Where(c => c.Id == id)
            .Join(db.Shops.Where(s => s.OrganisationId == organisationId), c => c.ShopId, s => s.Id, (c, s) => new { c, s.Name })
            .FirstOrDefaultAsync(ct) ?? throw new KefuDeskException(KefuDeskError.ChannelNotFound);
        return (found.c, found.Name);
    }

    private static ChannelRow Row(ChannelAccount c, string shopName) =>
        new(c.Id, c.ShopId, shopName, c.Kind, c.Name, c.Enabled, JsonDocument.Parse(c.Settings).RootElement.Clone(), c.ProtectedSecret.Length > 0, c.CreatedAt,
            c.LastError, c.LastErrorAt);
}
