using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KefuDesk.Features.Conversations.Surveys;

internal sealed class SurveyModel : IEntityTypeConfiguration<SatisfactionSurvey>
{
    public void Configure(EntityTypeBuilder<SatisfactionSurvey> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Rating).HasConversion<int?>();
        b.Property(s => s.Comment).HasMaxLength(SatisfactionSurvey.CommentMaxLength);
        // One survey per episode.
        b.HasIndex(s => new { s.ConversationId, s.EpisodeResolvedAt }).IsUnique();
        b.HasIndex(s => new { s.AgentId, s.SentAt });
        b.HasOne<Conversation>().WithMany().HasForeignKey(s => s.ConversationId);
    }
}
