using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Customers;

internal sealed class CustomerIdentityModel : IEntityTypeConfiguration<CustomerIdentity>
{
    public void Configure(EntityTypeBuilder<CustomerIdentity> b)
    {
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Value).HasMaxLength(CustomerIdentity.ValueMaxLength);
        b.HasIndex(i => new { i.OrganisationId, i.Kind, i.Value }).IsUnique();
        b.HasIndex(i => i.CustomerId);
        b.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId);
    }
}
