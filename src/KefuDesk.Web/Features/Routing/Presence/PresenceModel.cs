using KefuDesk.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Routing.Presence;

internal sealed class AgentPresenceModel : IEntityTypeConfiguration<AgentPresence>
{
    public void Configure(EntityTypeBuilder<AgentPresence> b)
    {
        b.HasKey(p => p.AgentId);
        b.HasIndex(p => p.OnlineUntil);
        b.HasOne<Agent>().WithOne().HasForeignKey<AgentPresence>(p => p.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
