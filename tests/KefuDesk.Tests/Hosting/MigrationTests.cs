using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Tests.Hosting;

/// <summary>Each provider's migrations match the model: nobody forgot scripts/add-migration.sh.</summary>
public sealed class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=:memory:")]
    [InlineData(DatabaseProvider.Postgres, "Host=localhost;Database=unused")]
    public void The_migrations_cover_the_whole_model(DatabaseProvider provider, string connectionString)
    {
        using var db = DataExtensions.CreateForDesignTime(provider, connectionString);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The model changed without a {provider} migration: run scripts/add-migration.sh");
    }
}
