using KefuDesk.Features.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Search;

/// <remarks>
/// The full-text index itself is not in the model: the HistorySearch migration creates it per
/// provider (an FTS5 table kept in step by triggers on SQLite, a generated tsvector column with a
/// GIN index on PostgreSQL), so the application only ever writes plain rows.
/// </remarks>
internal sealed class MessageSearchEntryModel : IEntityTypeConfiguration<MessageSearchEntry>
{
    public const string Table = "MessageSearchEntries";

    public void Configure(EntityTypeBuilder<MessageSearchEntry> b)
    {
        b.ToTable(Table);
        b.Property(e => e.Id).ValueGeneratedOnAdd();
        b.Property(e => e.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Sender).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Tokens).HasMaxLength(Message.BodyMaxLength * 8);
        b.HasIndex(e => e.MessageId).IsUnique();
        // Lets PostgreSQL combine a narrow shop and date filter with the text index.
        b.HasIndex(e => new { e.ShopId, e.CreatedAt });
        b.HasOne<Message>().WithMany().HasForeignKey(e => e.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SearchIndexCursorModel : IEntityTypeConfiguration<SearchIndexCursor>
{
    public void Configure(EntityTypeBuilder<SearchIndexCursor> b)
    {
        b.ToTable("SearchIndexCursors");
        b.HasKey(c => c.Name);
        b.Property(c => c.Name).HasMaxLength(50);
    }
}

/// <summary>
/// Search's own index on messages (kept here, with the job that needs it): the catch-up job walks
/// messages by creation time to find any stored without a search entry.
/// </summary>
internal sealed class MessageCreatedAtIndexModel : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> b) => b.HasIndex(m => m.CreatedAt);
}
