using System.Xml.Linq;
using KefuDesk.Features.AfterSales;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.AfterSales;

/// <summary>Every after-sales refusal, status, kind, reason and history line has its words in Chinese and English.</summary>
public sealed class AfterSalesResourceTests
{
    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(Repository.Root(), "src", "KefuDesk.Web", "Resources", file)).Root!.Elements("data")
            .Select(d => d.Attribute("name")!.Value).ToHashSet();

    [Fact]
    public void Every_after_sales_code_and_name_is_in_both_languages()
    {
        var needed = AfterSalesErrors.All.Select(e => e.ResourceKey)
            .Concat(Enum.GetNames<CaseStatus>().Select(s => "AfterSales.Status." + s))
            .Concat(Enum.GetNames<CaseKind>().Select(k => "AfterSales.Kind." + k))
            .Concat(Enum.GetNames<CaseReason>().Select(r => "AfterSales.Reason." + r))
            .Concat(Enum.GetNames<CaseStep>().Select(s => "AfterSales.Step." + s))
            .Concat(new[] { "opened", "reviewed", "approved", "rejected", "withdrawn", "goods_returned", "inspected", "refunded", "fulfilled", "escalated",
                "evidence_added" }.Select(a => "Audit.Action.case." + a))
            .ToList();

        Assert.Empty(needed.Except(Keys("SharedResource.resx")));
        Assert.Empty(needed.Except(Keys("SharedResource.en.resx")));
        Assert.Equal(AfterSalesErrors.All.Count, typeof(AfterSalesErrors).GetFields().Count(f => f.FieldType == typeof(KefuDesk.Infrastructure.Errors.KefuDeskError)));
    }
}
