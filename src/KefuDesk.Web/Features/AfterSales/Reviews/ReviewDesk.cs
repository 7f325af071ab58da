using KefuDesk.Features.AfterSales.Complaints;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>
/// What an import or the API would do (or did): rows read, reviews new, changed and unchanged,
/// 中差评 newly flagged; or why nothing was imported (header or row errors).
/// </summary>
public sealed record ReviewImportReport(int Rows, int Created, int Updated, int Unchanged, int Flagged, bool Imported,
    IReadOnlyList<ReviewRowError> Errors, IReadOnlyList<string> MissingColumns, IReadOnlyList<string> UnknownColumns)
{
    public bool Ok => Errors.Count == 0 && MissingColumns.Count == 0 && UnknownColumns.Count == 0;

    public static ReviewImportReport Refused(int rows, IReadOnlyList<ReviewRowError> errors, IReadOnlyList<string>? missing = null,
        IReadOnlyList<string>? unknown = null) =>
        new(rows, 0, 0, 0, 0, false, errors, missing ?? [], unknown ?? []);
}

/// <summary>
/// Takes reviews in (sheet or API: all or nothing, by platform review id) and works them: the
/// follow-up, the reply, reassignment. Each change is the review's own method, audited in the same
/// transaction; a refusal is logged and changes nothing.
/// </summary>
public sealed class ReviewDesk(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    TimeProvider clock,
    IEventPublisher events,
    IStringLocalizer<SharedResource> text,
    ILogger<ReviewDesk> log)
{
    /// <summary>At most this many reviews in one API call.</summary>
    public const int MaxBatch = 1_000;

    /// <summary>Reads an uploaded sheet: the header is checked first, then every row (none is imported yet).</summary>
    public (IReadOnlyList<RawReview> Rows, ReviewImportReport? Refusal) ReadSheet(Stream file, string fileName)
    {
        if (!Infrastructure.Spreadsheets.Spreadsheet.IsSupported(fileName))
        {
            throw new KefuDeskException(ReviewErrors.ImportFile, text["Review.Check.FileType"]);
        }

        if (file.Length == 0 || file.Length > ReviewSheet.MaxBytes)
        {
            throw new KefuDeskException(ReviewErrors.ImportFile, text["Review.Check.FileSize", ReviewSheet.MaxBytes / 1024 / 1024]);
        }

        List<RawReview> rows;
        try
        {
            var (missing, unknown) = ReviewSheet.CheckHeaders(Infrastructure.Spreadsheets.Spreadsheet.Headers(file, fileName));
            if (missing.Count > 0 || unknown.Count > 0)
            {
                return ([], ReviewImportReport.Refused(0, [], missing, unknown));
            }

            file.Position = 0;
            rows = Infrastructure.Spreadsheets.Spreadsheet.Rows(file, fileName).Take(ReviewSheet.MaxRows + 1).Select(ReviewSheet.Raw).ToList();
        }
        catch (Exception ex) when (ex is not KefuDeskException and not OperationCanceledException)
        {
            log.LogInformation(ex, "Review sheet {File} could not be read", fileName);
            throw new KefuDeskException(ReviewErrors.ImportFile, text["Review.Check.FileUnreadable"]);
        }

        if (rows.Count > ReviewSheet.MaxRows)
        {
            throw new KefuDeskException(ReviewErrors.ImportFile, text["Review.Check.TooManyRows", ReviewSheet.MaxRows]);
        }

        if (rows.Count == 0)
        {
            throw new KefuDeskException(ReviewErrors.ImportFile, text["Review.Check.NoRows"]);
        }

        return (rows, null);
    }

    /// <summary>
    /// Checks every review, then (unless <paramref name="dryRun"/>) stores them all in one
    /// transaction: new ones added, known ones updated, 中差评 flagged and assigned. With any bad
    /// row nothing is stored and the report lists every error. Supervisors only (it hands out work).
    /// </summary>
    public async Task<ReviewImportReport> ImportAsync(StaffAccess staff, Guid shopId, IReadOnlyList<RawReview> raws, bool dryRun,
        CancellationToken ct = default)
    {
        if (!staff.MaySupervise)
        {
            log.LogInformation("Review import by {Agent} refused: supervisors only", staff.AgentId);
            throw new KefuDeskException(ReviewErrors.SupervisorOnly);
        }

        if (!staff.Serves(shopId))
        {
            throw new KefuDeskException(ReviewErrors.Invalid, text["Review.Check.Shop"]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new List<ReviewRowError>();
        var facts = new List<ReviewFacts>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var raw in raws)
        {
            var (checkedFacts, rowErrors) = ReviewCheck.Check(raw, now, text);
            errors.AddRange(rowErrors);
            if (checkedFacts is null)
            {
                continue;
            }

            if (seen.TryGetValue(checkedFacts.PlatformReviewId, out var first))
            {
                errors.Add(new ReviewRowError(raw.Row, ReviewSheet.ReviewId, text["Review.Check.Duplicate", first]));
                continue;
            }

            seen[checkedFacts.PlatformReviewId] = raw.Row;
            facts.Add(checkedFacts);
        }

        if (errors.Count > 0)
        {
            log.LogInformation("Review import for shop {Shop} by {Agent} refused: {Errors} errors in {Rows} rows", shopId, staff.AgentId, errors.Count,
                raws.Count);
            return ReviewImportReport.Refused(raws.Count, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shop = await db.Shops.AsNoTracking().FirstAsync(s => s.Id == shopId, ct);
        var existing = new Dictionary<string, Review>(StringComparer.Ordinal);
        foreach (var chunk in facts.Select(f => f.PlatformReviewId).Chunk(500))
        {
            foreach (var r in await db.Set<Review>().Where(r => r.ShopId == shopId && chunk.Contains(r.PlatformReviewId)).ToListAsync(ct))
            {
                existing[r.PlatformReviewId] = r;
            }
        }

        var orders = new Dictionary<string, (Guid Id, Guid CustomerId)>(StringComparer.Ordinal);
        foreach (var chunk in facts.Select(f => f.OrderNo).OfType<string>().Distinct().Chunk(500))
        {
            foreach (var o in await db.Orders.AsNoTracking().Where(o => o.ShopId == shopId && chunk.Contains(o.OrderNo))
                         .Select(o => new { o.OrderNo, o.Id, o.CustomerId }).ToListAsync(ct))
            {
                orders[o.OrderNo] = (o.Id, o.CustomerId);
            }
        }

        var assignment = await ReviewAssignment.LoadAsync(db, shopId, orders.Values.Select(o => o.CustomerId).Distinct().ToList(), now, ct);
        var actor = new AuditActor(staff.AgentId, staff.Nickname);
        int created = 0, updated = 0, unchanged = 0, flagged = 0;
        var changedReviews = new List<Review>();
        foreach (var f in facts)
        {
            (Guid Id, Guid CustomerId)? order = f.OrderNo is { } no && orders.TryGetValue(no, out var o) ? o : null;
            var before = existing.GetValueOrDefault(f.PlatformReviewId) is { } known ? ReviewSnapshot.Of(known) : null;
            Review review;
            if (existing.TryGetValue(f.PlatformReviewId, out var found))
            {
                review = found;
                if (!review.Update(f, order?.Id, order?.CustomerId, now))
                {
                    unchanged++;
                    continue;
                }

                updated++;
            }
            else
            {
                review = new Review(Guid.CreateVersion7(now), shop.OrganisationId, shopId, f, order?.Id, order?.CustomerId, now);
                db.Set<Review>().Add(review);
                created++;
            }

            if (review.NeedsFollowUp && !review.Flagged)
            {
                review.Flag(assignment.For(review.CustomerId), now);
                flagged++;
            }

            Audit(db, review, before is null ? "review.imported" : "review.updated", actor, before, now, null);
            changedReviews.Add(review);
        }

        var report = new ReviewImportReport(raws.Count, created, updated, unchanged, flagged, !dryRun, [], [], []);
        if (dryRun)
        {
            return report;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // Another import of the same reviews committed first: nothing of this one was stored.
            log.LogInformation(ex, "Review import for shop {Shop} lost a race; nothing stored", shopId);
            throw new KefuDeskException(ReviewErrors.Changed);
        }

        events.Publish(changedReviews.SelectMany(r => r.TakeEvents()).ToList());
        log.LogInformation("Reviews imported for shop {Shop} by {Agent}: {Created} new, {Updated} updated, {Unchanged} unchanged, {Flagged} flagged",
            shopId, staff.AgentId, created, updated, unchanged, flagged);
        return report;
    }

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

/// <summary><c>outcome</c>: revised | explained | unreachable; <c>reply</c>, when given, is saved as the shop's reply too.</summary>
public sealed record FollowUpInput(string Outcome, string? Note = null, string? Reply = null, int? Version = null);

public sealed record ReviewReplyInput(string Reply, int? Version = null);

public sealed record ReviewReassignInput(Guid AssigneeId, int? Version = null);

/// <summary>The fields of a review an audit entry shows before and after a change (only those that changed).</summary>
internal static class ReviewSnapshot
{
    public static IReadOnlyDictionary<string, object?> Of(Review r) => new Dictionary<string, object?>
    {
        ["rating"] = r.Rating,
        ["stars"] = r.Stars,
        ["descriptionScore"] = r.DescriptionScore,
        ["serviceScore"] = r.ServiceScore,
        ["logisticsScore"] = r.LogisticsScore,
        ["text"] = ComplaintSnapshot.Short(r.Text),
        ["orderNo"] = r.OrderNo,
        ["flagged"] = r.Flagged,
        ["assigneeId"] = r.AssigneeId,
        ["followUp"] = r.FollowUp,
        ["outcome"] = r.Outcome,
        ["reply"] = ComplaintSnapshot.Short(r.Reply),
    };
}
