using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace KefuDesk.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for Postgres without starting the app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KefuDeskDbContext>
{
    public KefuDeskDbContext CreateDbContext(string[] args)
    {
        var options = new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = "Host=localhost;Database=kefudesk_design;Username=postgres",
        };
        var builder = new DbContextOptionsBuilder<KefuDeskDbContext>();
        DataExtensions.Configure(builder, options);
        return new KefuDeskDbContext(builder.Options);
    }
}
