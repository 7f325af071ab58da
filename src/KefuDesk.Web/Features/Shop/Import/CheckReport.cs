using KefuDesk.Features.Shop.Sync;
using KefuDesk.Infrastructure.Spreadsheets;

namespace KefuDesk.Features.Shop.Import;

/// <summary>
/// What a check found, gathered as the records stream past: the row count, the first problems
/// (and how many in all), the first rows for the preview with what each would do, and the counts.
/// The preview keeps cells and problem values cut short: it is stored with the import and shown, not the file.
/// </summary>
internal sealed class CheckReport(ImportSheet sheet)
{
    private const int SampleRows = 20;

    private readonly Dictionary<ImportRecord, List<int>> _sampleOf = new(ReferenceEqualityComparer.Instance);
    private readonly List<SampleRow> _sample = [];
    private readonly List<RowProblem> _problems = [];

    public int Rows { get; private set; }
    public int ProblemCount { get; private set; }
    public SyncCounts Counts { get; private set; } = SyncCounts.None;
    public IReadOnlyList<RowProblem> Problems => _problems;
    public IReadOnlyList<SampleRow> Sample => _sample;

    public void Read(ImportRecord record)
    {
        Rows += record.Rows.Count;
        foreach (var problem in record.Problems)
        {
            Problem(problem);
        }

        foreach (var row in record.Rows)
        {
            if (_sample.Count < SampleRows)
            {
                _sampleOf.TryAdd(record, []);
                _sampleOf[record].Add(_sample.Count);
                _sample.Add(new SampleRow(row.RowNumber, sheet.TemplateCells(row).Select(c => Spreadsheet.Preview(c)).ToList(), null));
            }
        }
    }

    /// <summary>What the dry run says of the valid records of a chunk; a logistics event without its order is a problem.</summary>
    public void Outcomes(IReadOnlyList<ImportRecord> valid, IReadOnlyList<SyncOutcome?> outcomes)
    {
        for (var i = 0; i < valid.Count; i++)
        {
            var record = valid[i];
            if (outcomes[i] is not { } outcome)
            {
                var missing = (PlatformLogisticsEvent)record.Snapshot!;
                Problem(new RowProblem(record.Rows[0].RowNumber, sheet.Label("orderNo"), "order_not_found", missing.OrderNo));
                continue;
            }

            Counts = Counts.Add(outcome);
            if (_sampleOf.Remove(record, out var rows))
            {
                foreach (var index in rows)
                {
                    _sample[index] = _sample[index] with { Outcome = outcome };
                }
            }
        }

        _sampleOf.Clear(); // the rest of the sample's records had problems
    }

    private void Problem(RowProblem problem)
    {
        ProblemCount++;
        if (_problems.Count < ShopImport.ProblemsKept)
        {
            _problems.Add(problem with { Value = problem.Value is { } value ? Spreadsheet.Preview(value) : null });
        }
    }
}
