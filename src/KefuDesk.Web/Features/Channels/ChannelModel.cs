using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Features.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Channels;

internal sealed class ChannelAccountModel : IEntityTypeConfiguration<ChannelAccount>
{
    public void Configure(EntityTypeBuilder<ChannelAccount> b)
    {
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Name).HasMaxLength(ChannelAccount.NameMaxLength);
        b.Property(c => c.Settings).HasMaxLength(ChannelAccount.SettingsMaxLength);
        b.Property(c => c.ProtectedSecret).HasMaxLength(2000);
        b.Property(c => c.State).HasMaxLength(ChannelAccount.StateMaxLength);
        b.Property(c => c.LastError).HasMaxLength(ChannelAccount.ErrorMaxLength);
        b.HasIndex(c => new { c.ShopId, c.Kind });
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(c => c.ShopId);
    }
}

internal sealed class ChannelMessageRefModel : IEntityTypeConfiguration<ChannelMessageRef>
{
    public void Configure(EntityTypeBuilder<ChannelMessageRef> b)
    {
        b.HasKey(r => new { r.ChannelAccountId, r.ExternalId });
        b.Property(r => r.ExternalId).HasMaxLength(ChannelMessageRef.ExternalIdMaxLength);
        b.HasIndex(r => r.ConversationId);
        b.HasOne<ChannelAccount>().WithMany().HasForeignKey(r => r.ChannelAccountId);
        b.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId);
    }
}

internal sealed class OutboundDeliveryModel : IEntityTypeConfiguration<OutboundDelivery>
{
    public void Configure(EntityTypeBuilder<OutboundDelivery> b)
    {
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.Payload).HasMaxLength(OutboundDelivery.PayloadMaxLength);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.LastError).HasMaxLength(OutboundDelivery.ErrorMaxLength);
        // The same message goes out once per channel account, however often it is enqueued.
        b.HasIndex(d => new { d.MessageId, d.ChannelAccountId }).IsUnique();
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        b.HasIndex(d => new { d.ConversationId, d.Sequence });
        b.HasOne<ChannelAccount>().WithMany().HasForeignKey(d => d.ChannelAccountId);
    }
}
