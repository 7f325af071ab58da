using KefuDesk.Features.Shop;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Customers;

internal sealed class CustomerModel : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.DisplayName).HasMaxLength(Customer.NameMaxLength);
        b.Property(c => c.Phone).HasMaxLength(30);
        b.Property(c => c.Email).HasMaxLength(200);
        b.Ignore(c => c.VisitorCode);
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId);
        b.Property(c => c.Tags).HasMaxLength(Customer.TagsMaxLength);
        b.Ignore(c => c.IsVip);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
    }
}
