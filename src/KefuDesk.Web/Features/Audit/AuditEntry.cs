using System.Text.Json;
using KefuDesk.Infrastructure;

namespace KefuDesk.Features.Audit;

/// <summary>What an audit entry is about.</summary>
public static class AuditSubjects
{
    public const string Order = "order";
    public const string Product = "product";
    public const string AfterSalesCase = "after_sales_case";
    public const string Complaint = "complaint";
    public const string Review = "review";
    public const string Shop = "shop";
    public const string Agent = "agent";
}

/// <summary>
/// One order or money action on record: who did what to which thing, when, and the values before
/// and after (JSON of the fields that changed). Append-only: written in the same transaction as the
/// change it describes, never updated or deleted.
/// </summary>
public sealed class AuditEntry
{
    // Readable Chinese in the stored JSON (the page escapes it for HTML when it shows it).
    private static readonly JsonSerializerOptions Json = JsonDefaults.Apply(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    });

    private AuditEntry() { }

    public AuditEntry(Guid organisationId, Guid shopId, string subject, Guid subjectId, string subjectRef, string action,
        AuditActor actor, DateTime at, object? before, object? after, string? note = null)
    {
        Id = Guid.CreateVersion7(at);
        OrganisationId = organisationId;
        ShopId = shopId;
        Subject = subject;
        SubjectId = subjectId;
        SubjectRef = subjectRef;
        Action = action;
        ActorId = actor.Id;
        ActorName = actor.Name;
        At = at;
        Before = before is null ? null : JsonSerializer.Serialize(before, Json);
        After = after is null ? null : JsonSerializer.Serialize(after, Json);
        Note = note;
    }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid ShopId { get; private set; }
    public string Subject { get; private set; } = "";
    public Guid SubjectId { get; private set; }

    /// <summary>What people call the subject: an order number, a case number.</summary>
    public string SubjectRef { get; private set; } = "";

    /// <summary>Stable action code such as <c>order.address_changed</c>; the UI names it from the resource files (Audit.Action.*).</summary>
    public string Action { get; private set; } = "";

    /// <summary>The staff member; null when the shop platform (sync, import job) or the system acted.</summary>
    public Guid? ActorId { get; private set; }

    public string ActorName { get; private set; } = "";
    public DateTime At { get; private set; }
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string? Note { get; private set; }
}

/// <summary>Who acted: a staff member (id and nickname), or a named system part (id null).</summary>
public sealed record AuditActor(Guid? Id, string Name)
{
    public static AuditActor System(string name) => new(null, name);
}
