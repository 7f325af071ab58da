using KefuDesk.Features.Audit;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Spreadsheets;
using Microsoft.EntityFrameworkCore;

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

/// <summary>Reviews in: a sheet read and checked, then every review stored in one transaction (or none).</summary>
public sealed partial class ReviewDesk
{
    /// <summary>
    /// Reads an uploaded sheet in one pass: the header is checked first, then every row (none is
    /// imported yet). The reader's bounds, narrowed to <see cref="ReviewSheet.MaxRows"/> rows and
    /// <see cref="ReviewSheet.MaxUnpackedBytes"/>, keep this quick enough to run inside the request:
    /// a file past them is refused where it passes them.
    /// </summary>
    public (IReadOnlyList<RawReview> Rows, ReviewImportReport? Refusal) ReadSheet(Stream file, string fileName)
    {
        if (!Spreadsheet.IsSupported(fileName))
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
            using var sheet = Spreadsheet.Open(file, fileName, sheetLimits.Value.WithAtMost(ReviewSheet.MaxRows, ReviewSheet.MaxUnpackedBytes));
            var (missing, unknown) = ReviewSheet.CheckHeaders(sheet.Headers);
            if (missing.Count > 0 || unknown.Count > 0)
            {
                return ([], ReviewImportReport.Refused(0, [], missing, unknown));
            }

            rows = sheet.Rows().Select(ReviewSheet.Raw).ToList();
        }
        catch (SheetTooLargeException bound)
        {
            log.LogInformation("Review sheet {File} refused: {Bound}", fileName, bound.Message);
            throw new KefuDeskException(ReviewErrors.ImportFile, bound.Describe(text));
        }
        catch (Exception ex) when (ex is not KefuDeskException and not OperationCanceledException)
        {
            log.LogInformation(ex, "Review sheet {File} could not be read", fileName);
            throw new KefuDeskException(ReviewErrors.ImportFile, text["Review.Check.FileUnreadable"]);
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
}
