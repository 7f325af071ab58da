using System.Globalization;
using KefuDesk.Features.Search;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.AfterSales;

/// <summary>
/// Which cases a list shows. <see cref="Query"/> finds a case number, an order number, a buyer's
/// name or phone number; dates are the shop's calendar days, <see cref="To"/> included.
/// </summary>
public sealed record CaseFilter(
    CaseStatus? Status = null,
    bool? Open = null,
    CaseKind? Kind = null,
    Guid? ShopId = null,
    Guid? OwnerId = null,
    bool Unowned = false,
    bool Overdue = false,
    bool AwaitingSupervisor = false,
    bool Escalated = false,
    string? Query = null,
    DateTime? From = null,
    DateTime? To = null)
{
    public const int QueryMaxLength = 64;
    public const int MaxLimit = 200;

    /// <summary>Reads the list's query string; anything that does not read is refused with <c>case_filter_invalid</c> naming it.</summary>
    /// <param name="status">open, closed, or a status (applied, underReview, …).</param>
    /// <param name="owner">me, none, or a staff id.</param>
    public static CaseFilter Parse(Guid me, string? status = null, string? kind = null, Guid? shopId = null, string? owner = null, bool? overdue = null,
        bool? awaitingSupervisor = null, bool? escalated = null, string? q = null, string? from = null, string? to = null)
    {
        var filter = new CaseFilter(ShopId: shopId, Overdue: overdue == true, AwaitingSupervisor: awaitingSupervisor == true, Escalated: escalated == true);
        filter = status?.Trim() switch
        {
            null or "" => filter,
            "open" => filter with { Open = true },
            "closed" => filter with { Open = false },
            var s => filter with { Status = EnumOf<CaseStatus>(s, "status") },
        };
        if (!string.IsNullOrWhiteSpace(kind))
        {
            filter = filter with { Kind = EnumOf<CaseKind>(kind.Trim(), "kind") };
        }

        filter = owner?.Trim() switch
        {
            null or "" => filter,
            "me" => filter with { OwnerId = me },
            "none" => filter with { Unowned = true },
            var o when Guid.TryParse(o, out var id) => filter with { OwnerId = id },
            _ => throw Invalid("owner: me, none or a staff id"),
        };
        var query = q?.Trim();
        if (query is { Length: > QueryMaxLength } || (query is not null && query.Any(char.IsControl)))
        {
            throw Invalid("q: at most 64 characters");
        }

        return filter with { Query = string.IsNullOrEmpty(query) ? null : query, From = Day(from, "from", 0), To = Day(to, "to", 1) };
    }

    public static void CheckPage(int offset, int limit)
    {
        if (offset < 0 || limit is < 1 or > MaxLimit)
        {
            throw Invalid("offset: 0 or more; limit: 1 to 200");
        }
    }

    /// <summary>The query string that gives this filter back (for links: export, paging).</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null && value is not false)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture)!));
            }
        }

        Add("status", Open is { } open ? (open ? "open" : "closed") : Status is { } s ? Camel(s.ToString()) : null);
        Add("kind", Kind is { } k ? Camel(k.ToString()) : null);
        Add("shopId", ShopId);
        Add("owner", Unowned ? "none" : OwnerId);
        Add("overdue", Overdue ? "true" : null);
        Add("awaitingSupervisor", AwaitingSupervisor ? "true" : null);
        Add("escalated", Escalated ? "true" : null);
        Add("q", Query);
        Add("from", From is { } f ? DateOf(f) : null);
        Add("to", To is { } t ? DateOf(t.AddDays(-1)) : null);
        return string.Join('&', parts);
    }

    private static string DateOf(DateTime utc) => Components.Display.ShopTime(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static T EnumOf<T>(string value, string name) where T : struct, Enum =>
        !char.IsAsciiDigit(value[0]) && !value.StartsWith('-') && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw Invalid($"{name}: one of {string.Join(", ", Enum.GetNames<T>().Select(Camel))}");

    private static DateTime? Day(string? value, string name, int plusDays) =>
        string.IsNullOrWhiteSpace(value) ? null
        : DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? SearchDates.DayStart(day.AddDays(plusDays))
            : throw Invalid(name + ": yyyy-MM-dd");

    private static KefuDeskException Invalid(string detail) => new(AfterSalesErrors.FilterInvalid, detail);
}
