using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>
/// Takes reviews in (sheet or API: all or nothing, by platform review id) and works them: the
/// follow-up, the reply, reassignment. Each change is the review's own method, audited in the same
/// transaction; a refusal is logged and changes nothing.
/// </summary>
public sealed partial class ReviewDesk(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    TimeProvider clock,
    IEventPublisher events,
    IStringLocalizer<SharedResource> text,
    IOptions<Infrastructure.Spreadsheets.SheetLimits> sheetLimits,
    ILogger<ReviewDesk> log)
{
    /// <summary>At most this many reviews in one API call.</summary>
    public const int MaxBatch = 1_000;

    public Task FollowUpAsync(StaffAccess staff, Guid id, FollowUpInput input, CancellationToken ct = default) =>
        Logged(staff, "follow-up", () =>
        {
            var outcome = ParseOutcome(input.Outcome);
            var note = Optional(input.Note, Review.NoteMaxLength, "Review.Check.Note");
            var reply = Optional(input.Reply, Review.ReplyMaxLength, "Review.Check.Reply");
            return ActAsync(staff, id, input.Version, "review.followed_up", note, (r, now) =>
            {
                r.RecordFollowUp(outcome, note, staff.AgentId, staff.MaySupervise, now);
                if (reply is not null && reply != r.Reply)
                {
                    r.ReplyWith(reply, staff.AgentId, staff.MaySupervise, now);
                }
            }, ct);
        });

    public Task ReplyAsync(StaffAccess staff, Guid id, ReviewReplyInput input, CancellationToken ct = default) =>
        Logged(staff, "reply", () =>
        {
            var reply = Optional(input.Reply, Review.ReplyMaxLength, "Review.Check.Reply") ?? throw Refusal("Review.Check.Reply");
            return ActAsync(staff, id, input.Version, "review.replied", null, (r, now) => r.ReplyWith(reply, staff.AgentId, staff.MaySupervise, now), ct);
        });

    public Task ReassignAsync(StaffAccess staff, Guid id, ReviewReassignInput input, CancellationToken ct = default) =>
        Logged(staff, "reassign", () =>
            ActAsync(staff, id, input.Version, "review.reassigned", null,
                (r, now) => r.Reassign(input.AssigneeId, staff.AgentId, staff.MaySupervise, now), ct,
                async (db, r) =>
                {
                    if (!await ShopTeam.ServesAsync(db, r.ShopId, input.AssigneeId, ct))
                    {
                        throw Refusal("Review.Check.Assignee");
                    }
                }));

    private async Task<int> ActAsync(StaffAccess staff, Guid id, int? version, string action, string? note, Action<Review, DateTime> change,
        CancellationToken ct, Func<KefuDeskDbContext, Review, Task>? check = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var review = await db.Set<Review>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (review is null || !staff.Serves(review.ShopId))
        {
            throw new KefuDeskException(ReviewErrors.NotFound);
        }

        if (version is { } seen && seen != review.Version)
        {
            throw new KefuDeskException(ReviewErrors.Changed);
        }

        if (check is not null)
        {
            await check(db, review);
        }

        var before = ReviewSnapshot.Of(review);
        var now = clock.GetUtcNow().UtcDateTime;
        change(review, now);
        var happened = review.TakeEvents();
        if (happened.Count == 0)
        {
            return 0;
        }

        Audit(db, review, action, new AuditActor(staff.AgentId, staff.Nickname), before, now, note);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new KefuDeskException(ReviewErrors.Changed);
        }

        events.Publish(happened);
        return 0;
    }

    private static void Audit(KefuDeskDbContext db, Review review, string action, AuditActor actor, IReadOnlyDictionary<string, object?>? before,
        DateTime at, string? note)
    {
        var (was, now) = ComplaintSnapshot.Changes(before, ReviewSnapshot.Of(review));
        db.AuditEntries.Add(new AuditEntry(review.OrganisationId, review.ShopId, AuditSubjects.Review, review.Id, review.PlatformReviewId, action,
            actor, at, was, now, note));
    }

    private async Task<T> Logged<T>(StaffAccess staff, string action, Func<Task<T>> act)
    {
        try
        {
            return await act();
        }
        catch (KefuDeskException refused)
        {
            log.LogInformation("Review {Action} by {Agent} refused: {Reason}", action, staff.AgentId, refused.Message);
            throw;
        }
    }

    private FollowUpOutcome ParseOutcome(string? value) =>
        value is { Length: > 0 } && !char.IsAsciiDigit(value[0]) && !value.Contains(',') && Enum.TryParse<FollowUpOutcome>(value, true, out var o)
        && Enum.IsDefined(o)
            ? o
            : throw Refusal("Review.Check.Outcome");

    private string? Optional(string? value, int max, string check)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= max ? trimmed : throw Refusal(check);
    }

    private KefuDeskException Refusal(string check) => new(ReviewErrors.Invalid, text[check]);
}
