using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Conversations.Attachments;

internal sealed class AttachmentModel : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.FileName).HasMaxLength(Attachment.FileNameMaxLength);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Ignore(a => a.IsImage);
        b.Ignore(a => a.Info);
        b.HasIndex(a => a.ConversationId);
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(a => a.ShopId);
        b.HasOne<Conversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.SetNull);
    }
}
