using KefuDesk.Features.Shop.Sync;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Shop.Import;

/// <summary>What a file holds: the shop's products, its orders (one row per order line), or logistics events.</summary>
public enum ImportKind
{
    Products,
    Orders,
    Logistics,
}

public enum ImportStatus
{
    /// <summary>Uploaded; being read and checked (nothing is written while checking).</summary>
    Checking,

    /// <summary>The file has problems (or is the wrong template): nothing can be imported from it.</summary>
    Rejected,

    /// <summary>Checked without a problem: the admin may confirm.</summary>
    Ready,

    /// <summary>Confirmed; being written in one transaction.</summary>
    Importing,

    Imported,

    /// <summary>The write could not finish (someone changed an order meanwhile, the database went away); nothing was imported.</summary>
    Failed,
}

/// <summary>
/// One uploaded file on its way in: upload, check (a preview with counts and every row's problem),
/// confirm, import. The file itself stays in the attachment store under this id until the import is
/// done, so the import reads exactly what was checked, on whichever node runs it. Progress and a
/// heartbeat are kept here too: a node that dies mid-way leaves a stale heartbeat and another node
/// takes the work over (an unfinished import's transaction was never committed).
/// </summary>
public sealed class ShopImport
{
    public const int FileNameMax = 200;

    /// <summary>Problems kept for the preview; the count says how many there were in all.</summary>
    public const int ProblemsKept = 1000;

    private ShopImport() { }

    public ShopImport(Guid id, Guid organisationId, Guid shopId, ImportKind kind, string fileName, long fileBytes, Guid uploadedById,
        string uploadedByName, DateTime at)
    {
        Id = id;
        OrganisationId = organisationId;
        ShopId = shopId;
        Kind = kind;
        FileName = fileName.Length > FileNameMax ? fileName[^FileNameMax..] : fileName;
        FileBytes = fileBytes;
        UploadedById = uploadedById;
        UploadedByName = uploadedByName;
        CreatedAt = at;
        StatusChangedAt = at;
        Status = ImportStatus.Checking;
    }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid ShopId { get; private set; }
    public ImportKind Kind { get; private set; }
    public string FileName { get; private set; } = "";
    public long FileBytes { get; private set; }
    public Guid UploadedById { get; private set; }
    public string UploadedByName { get; private set; } = "";

    /// <summary>Also the time a row without 更新时间 is taken to be from, in the check and in the import alike.</summary>
    public DateTime CreatedAt { get; private set; }

    public ImportStatus Status { get; private set; }
    public DateTime StatusChangedAt { get; private set; }
    public string? ConfirmedByName { get; private set; }

    /// <summary>Data rows in the file (known once checked).</summary>
    public int Rows { get; private set; }

    /// <summary>How far the current pass is, in per mille (the check reads bytes, the import counts rows).</summary>
    public int Progress { get; private set; }

    /// <summary>Records (products, orders, events) and what would become / became of them.</summary>
    public int New { get; private set; }
    public int Updated { get; private set; }
    public int Unchanged { get; private set; }
    public int Stale { get; private set; }

    public int ProblemCount { get; private set; }

    /// <summary>JSON of the first <see cref="ProblemsKept"/> problems (<see cref="RowProblem"/>).</summary>
    public string Problems { get; private set; } = "[]";

    /// <summary>Required columns the file lacks (wrong template), separated by '、'.</summary>
    public string? MissingColumns { get; private set; }

    /// <summary>JSON of the first rows as read (<see cref="SampleRow"/>), for the preview table.</summary>
    public string Sample { get; private set; } = "[]";

    /// <summary>
    /// Why the import failed: a code worded under ShopData.Failure.{code}, or a spreadsheet bound with
    /// its figures ("sheet_rows:250000", worded by <see cref="Infrastructure.Spreadsheets.SheetTooLargeException"/>).
    /// </summary>
    public string? Failure { get; private set; }

    /// <summary>The node working on it now, and when it last said so.</summary>
    public string? Worker { get; private set; }

    public DateTime? HeartbeatAt { get; private set; }

    public bool IsFinished => Status is ImportStatus.Rejected or ImportStatus.Imported;

    public void Checked(int rows, SyncCounts counts, int problemCount, string problems, string sample, DateTime at)
    {
        Expect(ImportStatus.Checking);
        Rows = rows;
        (New, Updated, Unchanged, Stale) = (counts.New, counts.Updated, counts.Unchanged, counts.Stale);
        ProblemCount = problemCount;
        Problems = problems;
        Sample = sample;
        Progress = 1000;
        Move(problemCount == 0 ? ImportStatus.Ready : ImportStatus.Rejected, at);
    }

    public void WrongTemplate(IReadOnlyList<string> missing, DateTime at)
    {
        Expect(ImportStatus.Checking);
        MissingColumns = string.Join('、', missing);
        Move(ImportStatus.Rejected, at);
    }

    /// <summary>The file has a header row but no data rows.</summary>
    public void Empty(DateTime at)
    {
        Expect(ImportStatus.Checking);
        Failure = "empty";
        Move(ImportStatus.Rejected, at);
    }

    /// <summary>The file could not be read at all (not really a spreadsheet, damaged).</summary>
    public void Unreadable(DateTime at)
    {
        Expect(ImportStatus.Checking);
        Failure = "unreadable";
        Move(ImportStatus.Rejected, at);
    }

    /// <summary>
    /// The file passed a bound of the spreadsheet reader (rows, unpacked size, cell length), which
    /// stopped there: <paramref name="failure"/> is the bound's code with its figures ("sheet_rows:250000").
    /// </summary>
    public void TooLarge(string failure, DateTime at)
    {
        Expect(ImportStatus.Checking);
        Failure = failure;
        Move(ImportStatus.Rejected, at);
    }

    /// <summary>The admin confirms a checked file (or tries again after a failure).</summary>
    public void Confirm(string byName, DateTime at)
    {
        if (Status is not (ImportStatus.Ready or ImportStatus.Failed))
        {
            throw new KefuDeskException(ShopDataErrors.ImportNotReady, Status.ToString());
        }

        ConfirmedByName = byName;
        Failure = null;
        Progress = 0;
        Worker = null;
        Move(ImportStatus.Importing, at);
    }

    public void Imported(SyncCounts counts, DateTime at)
    {
        Expect(ImportStatus.Importing);
        (New, Updated, Unchanged, Stale) = (counts.New, counts.Updated, counts.Unchanged, counts.Stale);
        Progress = 1000;
        Worker = null;
        Move(ImportStatus.Imported, at);
    }

    public void Failed(string reason, DateTime at)
    {
        Expect(ImportStatus.Importing);
        Failure = reason;
        Worker = null;
        Move(ImportStatus.Failed, at);
    }

    /// <summary>A fault stopped the work (not the file's): a check ends rejected, an import failed; either way nothing was imported.</summary>
    public void Broke(DateTime at)
    {
        if (Status == ImportStatus.Checking)
        {
            Failure = "unexpected";
            Worker = null;
            Move(ImportStatus.Rejected, at);
            return;
        }

        Failed("unexpected", at);
    }

    /// <summary>Checked but never confirmed: after a while the file is dropped and must be uploaded again.</summary>
    public void Expire(DateTime at)
    {
        Expect(ImportStatus.Ready);
        Failure = "expired";
        Move(ImportStatus.Rejected, at);
    }

    private void Expect(ImportStatus status)
    {
        if (Status != status)
        {
            throw new KefuDeskException(ShopDataErrors.ImportNotReady, Status.ToString());
        }
    }

    private void Move(ImportStatus status, DateTime at)
    {
        Status = status;
        StatusChangedAt = at;
        if (status is not (ImportStatus.Checking or ImportStatus.Importing))
        {
            HeartbeatAt = null;
        }
    }
}

/// <summary>A problem in a file: the row as Excel numbers it, the column, and what is wrong (see <see cref="DataProblem"/>).</summary>
public sealed record RowProblem(int Row, string Column, string Code, string? Value = null, string? Extra = null)
{
    public DataProblem AsDataProblem() => new(Column, Code, Value, Extra);
}

/// <summary>A row of the preview: its number, its cells under the template's columns, and what it would do.</summary>
public sealed record SampleRow(int Row, IReadOnlyList<string> Cells, SyncOutcome? Outcome);

/// <summary>A confirmed file was imported (one event for the whole file, whatever its size).</summary>
public sealed record ShopDataImported(Guid ImportId, Guid ShopId, ImportKind Kind, int New, int Updated, DateTime At) : Infrastructure.Events.IDomainEvent
{
    public string Name => "shop_data.imported";
}
