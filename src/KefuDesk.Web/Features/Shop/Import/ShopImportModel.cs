using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Shop.Import;

internal sealed class ShopImportModel : IEntityTypeConfiguration<ShopImport>
{
    public void Configure(EntityTypeBuilder<ShopImport> b)
    {
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.FileName).HasMaxLength(ShopImport.FileNameMax);
        b.Property(i => i.UploadedByName).HasMaxLength(100);
        b.Property(i => i.ConfirmedByName).HasMaxLength(100);
        b.Property(i => i.MissingColumns).HasMaxLength(1000);
        b.Property(i => i.Failure).HasMaxLength(50);
        b.Property(i => i.Worker).HasMaxLength(200);
        b.HasIndex(i => new { i.ShopId, i.CreatedAt });
        b.HasIndex(i => new { i.Status, i.StatusChangedAt });
        b.HasOne<Shop>().WithMany().HasForeignKey(i => i.ShopId);
    }
}
