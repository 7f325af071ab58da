using System.Text.Json;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Shop.Sync;
using KefuDesk.Infrastructure;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Spreadsheets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.Shop.Import;

public sealed record ImportProblemView(int Row, string Column, string Code, string Message);

/// <summary>An import as the page and the API show it. Progress is in per cent; Columns head the sample's cells.</summary>
public sealed record ImportView(
    Guid Id,
    Guid ShopId,
    ImportKind Kind,
    string FileName,
    ImportStatus Status,
    int Progress,
    int Rows,
    int New,
    int Updated,
    int Unchanged,
    int Stale,
    int ProblemCount,
    IReadOnlyList<ImportProblemView> Problems,
    IReadOnlyList<string> MissingColumns,
    IReadOnlyList<string> Columns,
    IReadOnlyList<SampleRow> Sample,
    string? Failure,
    string? FailureMessage,
    DateTime CreatedAt,
    string UploadedBy,
    string? ConfirmedBy);

/// <summary>
/// The import flow for the page and the API: upload (refused at once when the file is not a
/// spreadsheet or lacks the template's required columns, naming them), the check's preview, the
/// admin's confirmation. The checking and importing happen in <see cref="ImportRunner"/>.
/// </summary>
public sealed class ShopImports(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    IAttachmentStore store,
    ImportRunner runner,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text,
    IOptions<SheetLimits> sheetLimits,
    ILogger<ShopImports> log)
{
    private static readonly JsonSerializerOptions Json = JsonDefaults.Apply(new JsonSerializerOptions());

    public async Task<ImportView> UploadAsync(StaffAccess staff, Guid organisationId, Guid shopId, ImportKind kind, string fileName, Stream content,
        CancellationToken ct)
    {
        await EnsureShopAsync(staff, organisationId, shopId, ct);
        fileName = Path.GetFileName(fileName.Trim());
        string? path = null;
        try
        {
            path = await ImportFile.ReceiveAsync(fileName, content, ct);
            var (_, missing) = ImportTemplates.Match(kind, Headers(path, fileName));
            if (missing.Count > 0)
            {
                throw new KefuDeskException(ShopDataErrors.ColumnsMissing, text["ShopData.MissingColumns", string.Join('、', missing)]);
            }

            var import = new ShopImport(Guid.CreateVersion7(), organisationId, shopId, kind, fileName, new FileInfo(path).Length, staff.AgentId,
                staff.Nickname, clock.GetUtcNow().UtcDateTime);
            await ImportFile.StoreAsync(store, import.Id, path, ct);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.ShopImports.Add(import);
            await db.SaveChangesAsync(ct);
            runner.Nudge();
            log.LogInformation("{Agent} uploaded {File} ({Kind}) for shop {Shop} as import {Import}", staff.AgentId, fileName, kind, shopId, import.Id);
            return View(import);
        }
        catch (KefuDeskException refused)
        {
            log.LogWarning("Import file {File} ({Kind}) for shop {Shop} refused: {Reason}", fileName, kind, shopId, refused.Message);
            throw;
        }
        finally
        {
            if (path is not null)
            {
                File.Delete(path);
            }
        }
    }

    public async Task<ImportView> GetAsync(StaffAccess staff, Guid organisationId, Guid importId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return View(await FindAsync(db, staff, organisationId, importId, ct));
    }

    public async Task<ImportView> ConfirmAsync(StaffAccess staff, Guid organisationId, Guid importId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var import = await FindAsync(db, staff, organisationId, importId, ct);
        try
        {
            import.Confirm(staff.Nickname, clock.GetUtcNow().UtcDateTime);
        }
        catch (KefuDeskException refused)
        {
            log.LogWarning("Import {Import} not confirmed: {Reason}", importId, refused.Message);
            throw;
        }

        await db.SaveChangesAsync(ct);
        runner.Nudge();
        log.LogInformation("{Agent} confirmed import {Import}", staff.AgentId, importId);
        return View(import);
    }

    /// <summary>The shop's latest imports, newest first.</summary>
    public async Task<IReadOnlyList<ImportView>> RecentAsync(StaffAccess staff, Guid organisationId, Guid shopId, int take, CancellationToken ct)
    {
        await EnsureShopAsync(staff, organisationId, shopId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var imports = await db.ShopImports.AsNoTracking().Where(i => i.ShopId == shopId && i.OrganisationId == organisationId)
            // Ids are time-ordered (v7): uploads in the same second still come newest first, the same on every call.
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Take(Math.Clamp(take, 1, 50)).ToListAsync(ct);
        return imports.Select(View).ToList();
    }

    public ImportView View(ShopImport import)
    {
        var problems = JsonSerializer.Deserialize<List<RowProblem>>(import.Problems, Json) ?? [];
        var progress = import.Status == ImportStatus.Importing && runner.LiveProgress(import.Id) is { } live ? live : import.Progress;
        return new ImportView(import.Id, import.ShopId, import.Kind, import.FileName, import.Status, progress / 10, import.Rows, import.New, import.Updated,
            import.Unchanged, import.Stale, import.ProblemCount,
            problems.Select(p => new ImportProblemView(p.Row, p.Column, p.Code, ProblemText.OnRow(text, p.Row, p.Column, p.AsDataProblem()))).ToList(),
            import.MissingColumns?.Split('、') ?? [],
            ImportTemplates.Columns(import.Kind).Select(c => c.Header).ToList(),
            JsonSerializer.Deserialize<List<SampleRow>>(import.Sample, Json) ?? [],
            import.Failure?.Split(':')[0], FailureText(import.Failure),
            import.CreatedAt, import.UploadedByName, import.ConfirmedByName);
    }

    /// <summary>Only the header row is read here, within the bounds, so a hostile file cannot hold the request.</summary>
    private IReadOnlyList<string> Headers(string path, string fileName)
    {
        try
        {
            return ImportFile.Headers(path, fileName, sheetLimits.Value);
        }
        catch (SheetTooLargeException bound)
        {
            throw new KefuDeskException(ShopDataErrors.SheetTooLarge, bound.Describe(text));
        }
    }

    private string? FailureText(string? failure) =>
        failure is null ? null : SheetTooLargeException.Describe(text, failure) ?? text["ShopData.Failure." + failure].Value;

    private async Task EnsureShopAsync(StaffAccess staff, Guid organisationId, Guid shopId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!staff.ShopIds.Contains(shopId) || !await db.Shops.AnyAsync(s => s.Id == shopId && s.OrganisationId == organisationId, ct))
        {
            throw new KefuDeskException(KefuDeskError.ShopNotFound);
        }
    }

    private static async Task<ShopImport> FindAsync(KefuDeskDbContext db, StaffAccess staff, Guid organisationId, Guid importId, CancellationToken ct)
    {
        var import = await db.ShopImports.FirstOrDefaultAsync(i => i.Id == importId && i.OrganisationId == organisationId, ct);
        return import is not null && staff.ShopIds.Contains(import.ShopId) ? import : throw new KefuDeskException(ShopDataErrors.ImportNotFound);
    }
}
