using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Routing;

internal sealed class SkillGroupModel : IEntityTypeConfiguration<SkillGroup>
{
    public void Configure(EntityTypeBuilder<SkillGroup> b)
    {
        b.Property(g => g.Name).HasMaxLength(50);
        b.Property(g => g.ServiceType).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(g => g.ShopId);
    }
}
