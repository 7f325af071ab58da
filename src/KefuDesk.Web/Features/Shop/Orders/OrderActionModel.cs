using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Shop.Orders;

internal sealed class PriceAdjustmentModel : IEntityTypeConfiguration<PriceAdjustment>
{
    public void Configure(EntityTypeBuilder<PriceAdjustment> b)
    {
        b.Property(a => a.OrderNo).HasMaxLength(64);
        b.Property(a => a.Reason).HasMaxLength(200);
        b.Property(a => a.RequestedByName).HasMaxLength(100);
        b.Property(a => a.DecidedByName).HasMaxLength(100);
        b.Property(a => a.DecisionNote).HasMaxLength(200);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(a => new { a.ShopId, a.Status, a.RequestedAt });
        b.HasIndex(a => new { a.OrderId, a.Status });
        b.HasOne<Order>().WithMany().HasForeignKey(a => a.OrderId);
    }
}

internal sealed class PaymentReminderModel : IEntityTypeConfiguration<PaymentReminder>
{
    public void Configure(EntityTypeBuilder<PaymentReminder> b)
    {
        b.Property(r => r.Text).HasMaxLength(ReminderTemplate.TextMaxLength + 200);
        b.HasIndex(r => new { r.OrderId, r.At });
        b.HasOne<Order>().WithMany().HasForeignKey(r => r.OrderId);
    }
}

internal sealed class ReminderTemplateModel : IEntityTypeConfiguration<ReminderTemplate>
{
    public void Configure(EntityTypeBuilder<ReminderTemplate> b)
    {
        b.Property(t => t.Name).HasMaxLength(50);
        b.Property(t => t.Text).HasMaxLength(ReminderTemplate.TextMaxLength);
        b.HasIndex(t => t.ShopId);
        b.HasOne<Shop>().WithMany().HasForeignKey(t => t.ShopId);
    }
}

internal sealed class LabelPrintModel : IEntityTypeConfiguration<LabelPrint>
{
    public void Configure(EntityTypeBuilder<LabelPrint> b)
    {
        b.Property(p => p.Format).HasConversion<string>().HasMaxLength(10);
        b.Property(p => p.AgentName).HasMaxLength(100);
        b.HasIndex(p => p.BatchId);
        b.HasIndex(p => new { p.OrderId, p.At });
        b.HasOne<Order>().WithMany().HasForeignKey(p => p.OrderId);
    }
}
