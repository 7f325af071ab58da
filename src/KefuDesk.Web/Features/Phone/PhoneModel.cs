using KefuDesk.Features.Conversations;
using KefuDesk.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Phone;

internal sealed class PhoneCallModel : IEntityTypeConfiguration<PhoneCall>
{
    public void Configure(EntityTypeBuilder<PhoneCall> b)
    {
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Direction).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Number).HasMaxLength(PhoneCall.NumberMaxLength);
        b.Property(c => c.Notes).HasMaxLength(PhoneCall.NotesMaxLength);
        b.Ignore(c => c.NeedsCallBack);
        b.HasIndex(c => new { c.ShopId, c.StartedAt });
        b.HasIndex(c => c.CustomerId);
        b.HasOne<Conversation>().WithMany().HasForeignKey(c => c.ConversationId);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId);
    }
}

internal sealed class CallbackTaskModel : IEntityTypeConfiguration<CallbackTask>
{
    public void Configure(EntityTypeBuilder<CallbackTask> b)
    {
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Number).HasMaxLength(PhoneCall.NumberMaxLength);
        b.Ignore(t => t.IsOpen);
        b.HasIndex(t => new { t.ShopId, t.Status, t.CreatedAt });
        b.HasOne<PhoneCall>().WithMany().HasForeignKey(t => t.MissedCallId);
    }
}
