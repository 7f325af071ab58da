using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Shop.Orders;

public sealed record RemindInput(Guid ConversationId, Guid TemplateId);

public sealed record ReminderSent(OrderDetails Order, MessageView Message);

public sealed record TemplateInput(string Name, string Text);

/// <summary>
/// 催付: a polite payment reminder for an unpaid order, sent into the buyer's conversation from a
/// template, at most the shop's cap per order in any 24 hours.
/// </summary>
public sealed class PaymentReminders(IDbContextFactory<KefuDeskDbContext> dbFactory, TimeProvider clock, ConversationWriter writer,
    OrderActions actions, OrderQueries queries)
{
    /// <summary>Wordings every shop has before writing its own (ids fixed so a page can send them).</summary>
    public static readonly IReadOnlyList<(Guid Id, string NameKey, string TextKey)> BuiltIn =
    [
        (new Guid("0000c0f1-0000-0000-0000-000000000001"), "Orders.Reminder.BuiltIn1.Name", "Orders.Reminder.BuiltIn1.Text"),
        (new Guid("0000c0f1-0000-0000-0000-000000000002"), "Orders.Reminder.BuiltIn2.Name", "Orders.Reminder.BuiltIn2.Text"),
    ];

    public async Task<IReadOnlyList<ReminderTemplateView>> TemplatesAsync(StaffAccess staff, Guid shopId, CancellationToken ct = default)
    {
        if (!staff.Serves(shopId))
        {
            throw new KefuDeskException(KefuDeskError.ShopNotFound);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var own = await db.ReminderTemplates.AsNoTracking().Where(t => t.ShopId == shopId).OrderBy(t => t.CreatedAt)
            .Select(t => new ReminderTemplateView(t.Id, t.Name, t.Text, false)).ToListAsync(ct);
        return [.. BuiltIn.Select(b => new ReminderTemplateView(b.Id, ShopText.Get(b.NameKey), ShopText.Get(b.TextKey), true)), .. own];
    }

    public async Task<ReminderTemplateView> AddTemplateAsync(StaffAccess staff, Guid shopId, TemplateInput input, CancellationToken ct = default)
    {
        RequireSupervisor(staff, shopId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = new ReminderTemplate(Guid.CreateVersion7(), shopId, input.Name ?? "", input.Text ?? "", clock.GetUtcNow().UtcDateTime);
        db.ReminderTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        return new ReminderTemplateView(template.Id, template.Name, template.Text, false);
    }

    public async Task<ReminderTemplateView> ChangeTemplateAsync(StaffAccess staff, Guid templateId, TemplateInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = await db.ReminderTemplates.FirstOrDefaultAsync(t => t.Id == templateId, ct)
            ?? throw new KefuDeskException(OrderErrors.TemplateNotFound);
        RequireSupervisor(staff, template.ShopId);
        template.Change(input.Name ?? "", input.Text ?? "");
        await db.SaveChangesAsync(ct);
        return new ReminderTemplateView(template.Id, template.Name, template.Text, false);
    }

    public async Task DeleteTemplateAsync(StaffAccess staff, Guid templateId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = await db.ReminderTemplates.FirstOrDefaultAsync(t => t.Id == templateId, ct)
            ?? throw new KefuDeskException(OrderErrors.TemplateNotFound);
        RequireSupervisor(staff, template.ShopId);
        db.ReminderTemplates.Remove(template);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Books the reminder against the cap first (the order's version makes two at once race), then
    /// sends it; if sending is refused the booking is taken back, so the cap counts only sent ones.
    /// </summary>
    public async Task<ReminderSent> RemindAsync(StaffAccess staff, Guid orderId, RemindInput input, CancellationToken ct = default)
    {
        Guid reminderId = default;
        string text = "";
        await actions.ActAsync(staff, orderId, async (order, db, now) =>
        {
            var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == input.ConversationId, ct);
            if (conversation is null || conversation.CustomerId != order.CustomerId || conversation.ShopId != order.ShopId
                || conversation.Status == ConversationStatus.Closed)
            {
                throw new KefuDeskException(OrderErrors.NoConversation);
            }

            var cap = await db.Shops.Where(s => s.Id == order.ShopId).Select(s => s.OrderRules.PaymentRemindersPerDay).FirstAsync(ct);
            var since = now.AddHours(-24);
            var sent = await db.PaymentReminders.CountAsync(r => r.OrderId == order.Id && r.At > since, ct);
            if (sent >= cap)
            {
                throw new KefuDeskException(OrderErrors.RemindersUsedUp, cap.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var buyer = await db.Customers.Where(c => c.Id == order.CustomerId).Select(c => c.DisplayName).FirstOrDefaultAsync(ct);
            text = await FillAsync(db, order, input.TemplateId, buyer, ct);
            order.RecordPaymentReminder(now);
            reminderId = Guid.CreateVersion7(now);
            db.PaymentReminders.Add(new PaymentReminder(reminderId, order.Id, conversation.Id, staff.AgentId, text, now));
            return new OrderActions.Change("order.payment_reminded", new { Sent = sent }, new { Sent = sent + 1 });
        }, ct);

        try
        {
            var message = await writer.ExecuteAsync(SendMessage.FromAgent(staff, input.ConversationId, "remind-" + reminderId.ToString("N"), text), ct);
            return new ReminderSent(await queries.DetailsAsync(staff, orderId, ct), message);
        }
        catch (KefuDeskException)
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.PaymentReminders.Where(r => r.Id == reminderId).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    private static async Task<string> FillAsync(KefuDeskDbContext db, Order order, Guid templateId, string? buyer, CancellationToken ct)
    {
        var builtIn = BuiltIn.FirstOrDefault(b => b.Id == templateId);
        var text = builtIn.Id != Guid.Empty
            ? ShopText.Get(builtIn.TextKey)
            : (await db.ReminderTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId && t.ShopId == order.ShopId, ct)
                ?? throw new KefuDeskException(OrderErrors.TemplateNotFound)).Text;
        return ReminderTemplate.Fill(text, string.IsNullOrWhiteSpace(buyer) ? ShopText.Get("Orders.Reminder.DefaultBuyer") : buyer, order.OrderNo, order.TotalFen);
    }

    private static void RequireSupervisor(StaffAccess staff, Guid shopId)
    {
        if (!staff.Serves(shopId))
        {
            throw new KefuDeskException(KefuDeskError.ShopNotFound);
        }

        if (!staff.MaySupervise)
        {
            throw new KefuDeskException(KefuDeskError.Forbidden);
        }
    }
}
