using KefuDesk.Features.Shop;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Identity;

internal sealed class AgentModel : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> b)
    {
        b.ToTable("Agents");
        b.Property(a => a.DisplayName).HasMaxLength(Agent.NameMaxLength);
        b.Property(a => a.Nickname).HasMaxLength(Agent.NameMaxLength);
        b.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId);
        b.HasMany(a => a.Shops).WithOne().HasForeignKey(s => s.AgentId);
        b.Navigation(a => a.Shops).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AgentShopModel : IEntityTypeConfiguration<AgentShop>
{
    public void Configure(EntityTypeBuilder<AgentShop> b)
    {
        b.HasKey(s => new { s.AgentId, s.ShopId });
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(s => s.ShopId);
    }
}

// Identity's own tables, under names that read well next to ours.
internal sealed class RoleModel : IEntityTypeConfiguration<IdentityRole<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityRole<Guid>> b) => b.ToTable("Roles");
}

internal sealed class AgentRoleModel : IEntityTypeConfiguration<IdentityUserRole<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserRole<Guid>> b) => b.ToTable("AgentRoles");
}

internal sealed class AgentClaimModel : IEntityTypeConfiguration<IdentityUserClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> b) => b.ToTable("AgentClaims");
}

internal sealed class AgentLoginModel : IEntityTypeConfiguration<IdentityUserLogin<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> b) => b.ToTable("AgentLogins");
}

internal sealed class AgentTokenModel : IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> b) => b.ToTable("AgentTokens");
}

internal sealed class RoleClaimModel : IEntityTypeConfiguration<IdentityRoleClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityRoleClaim<Guid>> b) => b.ToTable("RoleClaims");
}
