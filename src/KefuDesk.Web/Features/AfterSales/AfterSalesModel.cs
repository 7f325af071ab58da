using KefuDesk.Features.Conversations.Attachments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.AfterSales;

internal sealed class AfterSalesCaseModel : IEntityTypeConfiguration<AfterSalesCase>
{
    public void Configure(EntityTypeBuilder<AfterSalesCase> b)
    {
        b.ToTable("AfterSalesCases");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.CaseNo).HasMaxLength(AfterSalesCase.CaseNoMaxLength);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Reason).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Description).HasMaxLength(AfterSalesCase.DescriptionMaxLength);
        b.Property(c => c.OpenedByName).HasMaxLength(100);
        b.Property(c => c.ReturnCarrier).HasMaxLength(50);
        b.Property(c => c.ReturnTrackingNo).HasMaxLength(64);
        b.Property(c => c.ShipCarrier).HasMaxLength(50);
        b.Property(c => c.ShipTrackingNo).HasMaxLength(64);
        b.Property(c => c.ClosingNote).HasMaxLength(AfterSalesCase.NoteMaxLength);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Ignore(c => c.IsFinal);
        b.Ignore(c => c.EvidenceIds);

        // The number people say on the phone is unique in its shop (two cases opened at once retry the next number).
        b.HasIndex(c => new { c.ShopId, c.CaseNo }).IsUnique();
        b.HasIndex(c => new { c.ShopId, c.CreatedAt });
        b.HasIndex(c => new { c.ShopId, c.Status, c.DueAt });
        b.HasIndex(c => c.OrderId);
        b.HasIndex(c => c.DueAt); // the deadline sweep
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(c => c.ShopId);
        b.HasOne<Shop.Order>().WithMany().HasForeignKey(c => c.OrderId);
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(c => c.CustomerId);
        b.HasOne<Conversations.Conversation>().WithMany().HasForeignKey(c => c.ConversationId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(c => c.Evidence).WithOne().HasForeignKey(e => e.CaseId);
        b.Navigation(c => c.Evidence).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class CaseEvidenceModel : IEntityTypeConfiguration<CaseEvidence>
{
    public void Configure(EntityTypeBuilder<CaseEvidence> b)
    {
        b.ToTable("AfterSalesEvidence");
        b.HasKey(e => new { e.CaseId, e.AttachmentId });
        b.HasOne<Attachment>().WithMany().HasForeignKey(e => e.AttachmentId);
    }
}
