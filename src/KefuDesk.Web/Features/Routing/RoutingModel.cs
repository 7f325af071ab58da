using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Features.Routing.Groups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Routing;

internal sealed class SkillGroupModel : IEntityTypeConfiguration<SkillGroup>
{
    public void Configure(EntityTypeBuilder<SkillGroup> b)
    {
        b.Property(g => g.Name).HasMaxLength(SkillGroup.NameMaxLength);
        b.Property(g => g.ServiceType).HasConversion<string>().HasMaxLength(20);
        b.Property(g => g.Strategy).HasConversion<string>().HasMaxLength(20);
        b.Property(g => g.Greeting).HasMaxLength(SkillGroup.TextMaxLength);
        b.Property(g => g.WaitNotice).HasMaxLength(SkillGroup.TextMaxLength);
        b.Property(g => g.BusyReply).HasMaxLength(SkillGroup.TextMaxLength);
        b.Property(g => g.AfterHoursReply).HasMaxLength(SkillGroup.TextMaxLength);
        b.Property(g => g.Hours).HasMaxLength(4000);
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(g => g.ShopId);
        b.HasOne<SkillGroup>().WithMany().HasForeignKey(g => g.OverflowGroupId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SkillGroupMemberModel : IEntityTypeConfiguration<SkillGroupMember>
{
    public void Configure(EntityTypeBuilder<SkillGroupMember> b)
    {
        b.HasKey(m => new { m.GroupId, m.AgentId });
        b.HasIndex(m => m.AgentId);
        b.HasOne<SkillGroup>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Agent>().WithMany().HasForeignKey(m => m.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EntryRuleModel : IEntityTypeConfiguration<EntryRule>
{
    public void Configure(EntityTypeBuilder<EntryRule> b)
    {
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Condition).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Value).HasMaxLength(EntryRule.ValueMaxLength);
        b.HasIndex(r => new { r.ShopId, r.Position });
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(r => r.ShopId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<SkillGroup>().WithMany().HasForeignKey(r => r.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgentSeatModel : IEntityTypeConfiguration<AgentSeat>
{
    public void Configure(EntityTypeBuilder<AgentSeat> b)
    {
        b.HasKey(s => s.AgentId);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.StatusReason).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Ignore(s => s.Limit);
        b.HasOne<Agent>().WithOne().HasForeignKey<AgentSeat>(s => s.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgentStatusChangeModel : IEntityTypeConfiguration<AgentStatusChange>
{
    public void Configure(EntityTypeBuilder<AgentStatusChange> b)
    {
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.From).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.To).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Reason).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(c => new { c.AgentId, c.At });
        b.HasOne<Agent>().WithMany().HasForeignKey(c => c.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
