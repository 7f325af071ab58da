using KefuDesk.Infrastructure.Input;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KefuDesk.Infrastructure.Data;

/// <summary>
/// The last line behind <see cref="InputText"/>: no text with a control character (other than tab and
/// line breaks) is written, whichever path it came by (a page, an import, a job). Entry points check
/// and word the refusal first; this guard only makes sure nothing slips through, so PostgreSQL (which
/// refuses a NUL in text) answers a clean <c>text_invalid</c> instead of failing the write, and SQLite
/// does not keep what PostgreSQL would refuse.
/// </summary>
public sealed class StoredTextGuard : SaveChangesInterceptor
{
    public static readonly StoredTextGuard Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? db)
    {
        if (db is null)
        {
            return;
        }

        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            // Only the text columns: this runs at every SaveChanges, the chat writer's too.
            foreach (var column in TextColumns.GetOrAdd(entry.Metadata, type => type.GetProperties().Where(p => p.ClrType == typeof(string)).ToArray()))
            {
                var property = entry.Property(column);
                if (property.CurrentValue is string text && (entry.State == EntityState.Added || property.IsModified)
                    && InputText.Fault(text) == TextFault.Control)
                {
                    throw InputText.Refusal(FieldOf(entry, property), TextFault.Control);
                }
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IEntityType,
        Microsoft.EntityFrameworkCore.Metadata.IProperty[]> TextColumns = new();

    private static string FieldOf(EntityEntry entry, PropertyEntry property) =>
        $"{entry.Metadata.ClrType.Name}.{property.Metadata.Name}";
}
