using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Conversations;

internal sealed class ConversationModel : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.LastSender).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.OpenThreadKey).HasMaxLength(200);
        b.Property(c => c.LastMessagePreview).HasMaxLength(Conversation.PreviewLength);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Ignore(c => c.IsClosed);

        // One live conversation per buyer, shop, channel and thread; closed ones clear the key
        // and NULLs never collide, on SQLite as on PostgreSQL.
        b.HasIndex(c => new { c.ShopId, c.CustomerId, c.Channel, c.OpenThreadKey }).IsUnique();
        b.HasIndex(c => new { c.AssigneeId, c.LastMessageAt });
        b.HasIndex(c => new { c.ShopId, c.Status, c.LastMessageAt });

        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(c => c.ShopId);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId);
        b.HasOne<Agent>().WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<SkillGroup>().WithMany().HasForeignKey(c => c.SkillGroupId).OnDelete(DeleteBehavior.SetNull);

        b.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.ConversationId);
        b.Navigation(c => c.Messages).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(c => c.History).WithOne().HasForeignKey(e => e.ConversationId);
        b.Navigation(c => c.History).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class MessageModel : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> b)
    {
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.ClientMessageId).HasMaxLength(Message.ClientMessageIdMaxLength);
        b.Property(m => m.Sender).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.SenderName).HasMaxLength(Agent.NameMaxLength);
        b.Property(m => m.Body).HasMaxLength(Message.BodyMaxLength * 2);

        // The reading path (after sequence N) and the two guarantees: one number per message,
        // one stored message per client id.
        b.HasIndex(m => new { m.ConversationId, m.Sequence }).IsUnique();
        b.HasIndex(m => new { m.ConversationId, m.ClientMessageId }).IsUnique();
        b.HasOne<Agent>().WithMany().HasForeignKey(m => m.SenderAgentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ConversationEventModel : IEntityTypeConfiguration<ConversationEvent>
{
    public void Configure(EntityTypeBuilder<ConversationEvent> b)
    {
        b.Property(e => e.Type).HasMaxLength(50);
        b.HasIndex(e => new { e.ConversationId, e.Id });
        b.HasIndex(e => new { e.Type, e.At });
    }
}
