using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Shop;

internal sealed class OrganisationModel : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.Property(o => o.Name).HasMaxLength(100);
    }
}

internal sealed class ShopModel : IEntityTypeConfiguration<Shop>
{
    public void Configure(EntityTypeBuilder<Shop> b)
    {
        b.Property(s => s.Name).HasMaxLength(Shop.NameMaxLength);
        b.Property(s => s.WidgetKey).HasMaxLength(64);
        b.Property(s => s.Platform).HasMaxLength(20);
        b.Property(s => s.TimeZone).HasMaxLength(64);
        b.HasIndex(s => s.WidgetKey).IsUnique();
        b.Property(s => s.WidgetSecret).HasMaxLength(64);
        b.Property(s => s.AllowedOrigins).HasMaxLength(2000);
        b.Property(s => s.Hours).HasMaxLength(4000);
        b.OwnsOne(s => s.Policy, p =>
        {
            p.Property(x => x.ReopenWindowMinutes).HasColumnName("ReopenWindowMinutes");
            p.Property(x => x.AutoResolveMinutes).HasColumnName("AutoResolveMinutes");
            p.Property(x => x.AutoResolveMessage).HasColumnName("AutoResolveMessage").HasMaxLength(500);
            p.Property(x => x.RequireConsultationRecord).HasColumnName("RequireConsultationRecord");
            p.Property(x => x.SendSurvey).HasColumnName("SendSurvey");
            p.Property(x => x.ReplyWarnSeconds).HasColumnName("ReplyWarnSeconds").HasDefaultValue(60);
            p.Property(x => x.ReplyLateSeconds).HasColumnName("ReplyLateSeconds").HasDefaultValue(180);
            p.Ignore(x => x.IsValid);
            p.Ignore(x => x.ReopenWindow);
        });
        b.Navigation(s => s.Policy).IsRequired();
        b.OwnsOne(s => s.PreChat, p =>
        {
            p.Property(x => x.Enabled).HasColumnName("PreChatEnabled");
            p.Property(x => x.AskName).HasColumnName("PreChatAskName");
            p.Property(x => x.AskPhone).HasColumnName("PreChatAskPhone");
            p.Property(x => x.AskEmail).HasColumnName("PreChatAskEmail");
            p.Property(x => x.Required).HasColumnName("PreChatRequired");
        });
        b.Navigation(s => s.PreChat).IsRequired();
        b.OwnsOne(s => s.OrderRules, p =>
        {
            p.Property(x => x.AgentPriceCutLimitFen).HasColumnName("AgentPriceCutLimitFen");
            p.Property(x => x.RefundApprovalAboveFen).HasColumnName("RefundApprovalAboveFen");
            p.Property(x => x.FirstReviewMinutes).HasColumnName("FirstReviewMinutes");
            p.Property(x => x.PaymentRemindersPerDay).HasColumnName("PaymentRemindersPerDay");
        });
        b.Navigation(s => s.OrderRules).IsRequired();
        b.Property(s => s.SyncSecret).HasMaxLength(64);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId);
    }
}

internal sealed class ProductModel : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.Property(p => p.Sku).HasMaxLength(64);
        b.Property(p => p.Title).HasMaxLength(200);
        b.Property(p => p.ImageUrl).HasMaxLength(500);
        b.Property(p => p.Attributes).HasMaxLength(1000);
        b.HasIndex(p => new { p.ShopId, p.Sku }).IsUnique();
        b.HasOne<Shop>().WithMany().HasForeignKey(p => p.ShopId);
    }
}

internal sealed class OrderModel : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.Property(o => o.OrderNo).HasMaxLength(64);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.ReceiverName).HasMaxLength(50);
        b.Property(o => o.ReceiverPhone).HasMaxLength(30);
        b.Property(o => o.Address).HasMaxLength(300);
        b.Property(o => o.Remark).HasMaxLength(500);
        b.Property(o => o.Carrier).HasMaxLength(50);
        b.Property(o => o.TrackingNo).HasMaxLength(64);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasMany<LogisticsEvent>().WithOne().HasForeignKey(e => e.OrderId);
        b.HasIndex(o => new { o.ShopId, o.OrderNo }).IsUnique();
        b.HasIndex(o => new { o.CustomerId, o.ShopId, o.CreatedAt }); // a buyer's orders in one shop, newest first: the panel, the widget, counts
        b.HasOne<Shop>().WithMany().HasForeignKey(o => o.ShopId);
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(o => o.CustomerId);
        b.HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OrderId);
        b.Navigation(o => o.Items).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class OrderItemModel : IEntityTypeConfiguration<OrderItem>
{
    public void Configure(EntityTypeBuilder<OrderItem> b)
    {
        b.Property(i => i.Id).ValueGeneratedNever(); // made by the order, so lines replaced by a sync are inserted, not updated
        b.Property(i => i.Sku).HasMaxLength(64);
        b.Property(i => i.Title).HasMaxLength(200);
    }
}

internal sealed class LogisticsEventModel : IEntityTypeConfiguration<LogisticsEvent>
{
    public void Configure(EntityTypeBuilder<LogisticsEvent> b)
    {
        b.Property(e => e.Description).HasMaxLength(300);
        b.Property(e => e.Location).HasMaxLength(100);
        // The same report twice (a webhook retried) is one event.
        b.HasIndex(e => new { e.OrderId, e.At, e.Description }).IsUnique();
    }
}
