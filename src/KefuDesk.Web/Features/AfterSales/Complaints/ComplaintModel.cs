using KefuDesk.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.AfterSales.Complaints;

internal sealed class ComplaintModel : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> b)
    {
        b.ToTable("Complaints");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Number).HasMaxLength(32);
        b.Property(c => c.Source).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Severity).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.EscalatedFor).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.ReturnVisit).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Subject).HasMaxLength(Complaint.SubjectMaxLength);
        b.Property(c => c.Description).HasMaxLength(Complaint.TextMaxLength);
        b.Property(c => c.Resolution).HasMaxLength(Complaint.TextMaxLength);
        b.Property(c => c.ReturnVisitNote).HasMaxLength(Complaint.NoteMaxLength);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.ShopId, c.Number }).IsUnique();
        b.HasIndex(c => new { c.ShopId, c.Status, c.Deadline });
        b.HasIndex(c => new { c.Status, c.Deadline });
        b.HasIndex(c => c.CustomerId);
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(c => c.ShopId);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId);
        b.HasOne<Shop.Order>().WithMany().HasForeignKey(c => c.OrderId);
        b.HasOne<Conversations.Conversation>().WithMany().HasForeignKey(c => c.ConversationId);
        b.HasOne<Identity.Agent>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
