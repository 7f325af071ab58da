using System.Text.Json;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>The fields of a complaint an audit entry shows before and after a step (only those that changed).</summary>
internal static class ComplaintSnapshot
{
    public static IReadOnlyDictionary<string, object?> Of(Complaint c) => new Dictionary<string, object?>
    {
        ["status"] = c.Status,
        ["severity"] = c.Severity,
        ["ownerId"] = c.OwnerId,
        ["deadline"] = c.Deadline,
        ["escalated"] = c.Escalated,
        ["overdueAt"] = c.OverdueAt,
        ["resolution"] = Short(c.Resolution),
        ["returnVisit"] = c.ReturnVisit,
        ["returnVisitNote"] = Short(c.ReturnVisitNote),
        ["source"] = c.Source,
        ["category"] = c.Category,
        ["subject"] = c.Subject,
    };

    /// <summary>
    /// Long texts are kept to their start: the audit entry says that they changed (the record holds
    /// them whole), and its JSON, with Chinese escaped, stays within the column.
    /// </summary>
    public static string? Short(string? value) => value is { Length: > 80 } ? value[..80] + "…" : value;

    /// <summary>Before and after, keeping only what differs; a new complaint has no before.</summary>
    public static (Dictionary<string, object?>? Before, Dictionary<string, object?> After) Changes(
        IReadOnlyDictionary<string, object?>? before, IReadOnlyDictionary<string, object?> after)
    {
        if (before is null)
        {
            return (null, after.Where(p => p.Value is not null).ToDictionary());
        }

        var changed = after.Keys.Where(k => JsonSerializer.Serialize(before[k]) != JsonSerializer.Serialize(after[k])).ToList();
        return (changed.ToDictionary(k => k, k => before[k]), changed.ToDictionary(k => k, k => after[k]));
    }
}
