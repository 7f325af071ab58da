using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Audit;

internal sealed class AuditEntryModel : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditEntries");
        b.Property(e => e.Subject).HasMaxLength(30);
        b.Property(e => e.SubjectRef).HasMaxLength(64);
        b.Property(e => e.Action).HasMaxLength(60);
        b.Property(e => e.ActorName).HasMaxLength(100);
        b.Property(e => e.Before).HasMaxLength(4000);
        b.Property(e => e.After).HasMaxLength(4000);
        b.Property(e => e.Note).HasMaxLength(500);
        b.HasIndex(e => new { e.SubjectId, e.At });
        b.HasIndex(e => new { e.ShopId, e.At });
        b.HasIndex(e => new { e.OrganisationId, e.At }); // the admins' log, newest first
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(e => e.ShopId);
    }
}
