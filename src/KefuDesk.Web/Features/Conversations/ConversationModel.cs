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
        b.Property(c => c.Subject).HasMaxLength(300);
        b.Property(c => c.LastMessagePreview).HasMaxLength(Conversation.PreviewLength);
        b.Property(c => c.LastCustomerPreview).HasMaxLength(Conversation.PreviewLength);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Ignore(c => c.IsClosed);
        b.Ignore(c => c.AwaitsRouting);
        b.Property(c => c.EntryPoint).HasMaxLength(Conversation.EntryMaxLength);
        b.Property(c => c.Question).HasMaxLength(Conversation.EntryMaxLength);
        b.HasIndex(c => new { c.Status, c.AssigneeId, c.WaitingSince }); // the routing queue

        // One live conversation per buyer, shop, channel and thread; closed ones clear the key
        // and NULLs never collide, on SQLite as on PostgreSQL.
        b.HasIndex(c => new { c.ShopId, c.CustomerId, c.Channel, c.OpenThreadKey }).IsUnique();
        b.HasIndex(c => new { c.AssigneeId, c.LastMessageAt });
        b.HasIndex(c => new { c.AssigneeId, c.AwaitingReplySince }); // 待回复, oldest wait first
        b.HasIndex(c => new { c.ShopId, c.Status, c.LastMessageAt });
        b.HasIndex(c => new { c.ShopId, c.LeftOffline });
        b.HasOne<Channels.ChannelAccount>().WithMany().HasForeignKey(c => c.ChannelAccountId).OnDelete(DeleteBehavior.SetNull);

        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(c => c.ShopId);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId);
        b.HasOne<Agent>().WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<SkillGroup>().WithMany().HasForeignKey(c => c.SkillGroupId).OnDelete(DeleteBehavior.SetNull);

        b.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.ConversationId);
        b.Navigation(c => c.Messages).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(c => c.History).WithOne().HasForeignKey(e => e.ConversationId);
        b.Navigation(c => c.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.ConversationId);
        b.Navigation(c => c.Tags).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(c => c.Records).WithOne().HasForeignKey(r => r.ConversationId);
        b.Navigation(c => c.Records).UsePropertyAccessMode(PropertyAccessMode.Field);
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
        b.Property(m => m.Visibility).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Content).HasMaxLength(4000);
        b.Ignore(m => m.IsInternal);
        b.HasOne<Attachments.Attachment>().WithMany().HasForeignKey(m => m.AttachmentId).OnDelete(DeleteBehavior.SetNull);

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
        b.Property(e => e.Detail).HasMaxLength(ConversationEvent.DetailMaxLength);
        b.HasIndex(e => new { e.ConversationId, e.Id });
        b.HasIndex(e => new { e.Type, e.At });
    }
}

internal sealed class ConversationTagModel : IEntityTypeConfiguration<ConversationTag>
{
    public void Configure(EntityTypeBuilder<ConversationTag> b)
    {
        b.HasKey(t => new { t.ConversationId, t.Tag });
        b.Property(t => t.Tag).HasMaxLength(Conversation.TagMaxLength);
        b.HasIndex(t => t.Tag);
    }
}

internal sealed class ConsultationRecordModel : IEntityTypeConfiguration<ConsultationRecord>
{
    public void Configure(EntityTypeBuilder<ConsultationRecord> b)
    {
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Summary).HasMaxLength(ConsultationRecord.SummaryMaxLength);
        b.Property(r => r.Tags).HasMaxLength((Conversation.TagMaxLength + 1) * Conversation.MaxTags);
        b.Ignore(r => r.TagList);
        b.HasIndex(r => new { r.CategoryId, r.RecordedAt });
        b.HasOne<ConsultationCategory>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Agent>().WithMany().HasForeignKey(r => r.AgentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ConsultationCategoryModel : IEntityTypeConfiguration<ConsultationCategory>
{
    public void Configure(EntityTypeBuilder<ConsultationCategory> b)
    {
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Name).HasMaxLength(ConsultationCategory.NameMaxLength);
        b.HasIndex(c => new { c.OrganisationId, c.ParentId, c.SortOrder });
        b.HasOne<Shop.Organisation>().WithMany().HasForeignKey(c => c.OrganisationId);
        b.HasOne<ConsultationCategory>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MessageMentionModel : IEntityTypeConfiguration<MessageMention>
{
    public void Configure(EntityTypeBuilder<MessageMention> b)
    {
        b.HasKey(m => new { m.MessageId, m.AgentId });
        b.HasIndex(m => m.AgentId);
        b.HasOne<Message>().WithMany().HasForeignKey(m => m.MessageId);
        b.HasOne<Agent>().WithMany().HasForeignKey(m => m.AgentId);
    }
}
