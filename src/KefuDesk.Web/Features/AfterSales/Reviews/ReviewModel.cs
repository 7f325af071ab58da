using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.AfterSales.Reviews;

internal sealed class ReviewModel : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.ToTable("Reviews");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.PlatformReviewId).HasMaxLength(Review.IdMaxLength);
        b.Property(r => r.OrderNo).HasMaxLength(Review.IdMaxLength);
        b.Property(r => r.BuyerNick).HasMaxLength(Review.NickMaxLength);
        b.Property(r => r.Sku).HasMaxLength(Review.IdMaxLength);
        b.Property(r => r.ProductTitle).HasMaxLength(Review.TitleMaxLength);
        b.Property(r => r.Text).HasMaxLength(Review.TextMaxLength);
        b.Property(r => r.Rating).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.FollowUp).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.FollowUpNote).HasMaxLength(Review.NoteMaxLength);
        b.Property(r => r.Reply).HasMaxLength(Review.ReplyMaxLength);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.Ignore(r => r.Facts);
        b.Ignore(r => r.NeedsFollowUp);
        b.HasIndex(r => new { r.ShopId, r.PlatformReviewId }).IsUnique();
        b.HasIndex(r => new { r.ShopId, r.ReviewedAt });
        b.HasIndex(r => new { r.ShopId, r.FollowUp, r.AssigneeId });
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(r => r.ShopId);
        b.HasOne<Shop.Order>().WithMany().HasForeignKey(r => r.OrderId);
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(r => r.CustomerId);
    }
}

internal sealed class ReplyTemplateModel : IEntityTypeConfiguration<ReplyTemplate>
{
    public void Configure(EntityTypeBuilder<ReplyTemplate> b)
    {
        b.ToTable("ReviewReplyTemplates");
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.Name).HasMaxLength(ReplyTemplate.NameMaxLength);
        b.Property(t => t.Body).HasMaxLength(ReplyTemplate.BodyMaxLength);
        b.Property(t => t.SuitsRating).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(t => new { t.ShopId, t.Name }).IsUnique();
        b.HasOne<Shop.Shop>().WithMany().HasForeignKey(t => t.ShopId);
    }
}
