using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.AfterSales;

/// <summary>
/// A new case: the order (by id, or by shop and order number), the conversation it came from, what
/// and why, the refund in fen, and photos already in the shop (the buyer's pictures in the chat).
/// </summary>
public sealed record NewCaseInput(
    Guid? OrderId,
    CaseKind? Kind,
    CaseReason? Reason,
    long RefundFen = 0,
    string? Description = null,
    Guid? ConversationId = null,
    IReadOnlyList<Guid>? EvidenceIds = null,
    Guid? ShopId = null,
    string? OrderNo = null);

/// <summary>Body of a step. <c>version</c> (from the case as last read) refuses the step if someone acted in between.</summary>
public sealed record StepInput(int? Version = null);

public sealed record RejectInput(string? Reason, int? Version = null);

public sealed record WithdrawInput(string? Note = null, int? Version = null);

public sealed record ReturnInput(string? Carrier, string? TrackingNo, int? Version = null);

public sealed record InspectInput(bool? Passed, string? Note = null, int? Version = null);

public sealed record FulfilInput(string? Carrier = null, string? TrackingNo = null, int? Version = null);

/// <summary>One step as the case's register takes it, whichever door (REST, page) it came through.</summary>
public sealed record CaseStepRequest(CaseStep Step, int? Version = null, string? Note = null, string? Carrier = null, string? TrackingNo = null,
    bool Passed = true)
{
    public static CaseStepRequest Of(CaseStep step, StepInput? input) => new(step, input?.Version);

    public static CaseStepRequest Of(RejectInput? input) => new(CaseStep.Reject, input?.Version, CaseText.Line(input?.Reason, "reason"));

    public static CaseStepRequest Of(WithdrawInput? input) => new(CaseStep.Withdraw, input?.Version, CaseText.Line(input?.Note, "note"));

    public static CaseStepRequest Of(ReturnInput? input) =>
        new(CaseStep.BuyerReturned, input?.Version, Carrier: CaseText.Line(input?.Carrier, "carrier"),
            TrackingNo: CaseText.Line(input?.TrackingNo, "trackingNo"));

    public static CaseStepRequest Of(InspectInput? input) =>
        new(CaseStep.Inspect, input?.Version, CaseText.Line(input?.Note, "note"),
            Passed: input?.Passed ?? throw new KefuDeskException(AfterSalesErrors.CaseInvalid, "passed: true or false"));

    public static CaseStepRequest Of(FulfilInput? input) =>
        new(CaseStep.Fulfil, input?.Version, Carrier: CaseText.Line(input?.Carrier, "carrier"), TrackingNo: CaseText.Line(input?.TrackingNo, "trackingNo"));
}

/// <summary>Text people typed: trimmed, empty as null, no control characters (line breaks only where a paragraph makes sense).</summary>
public static class CaseText
{
    public static string? Line(string? text, string field) => Clean(text, field, multiline: false);

    public static string? Paragraph(string? text, string field) => Clean(text, field, multiline: true);

    private static string? Clean(string? text, string field, bool multiline)
    {
        var clean = text?.Trim();
        if (string.IsNullOrEmpty(clean))
        {
            return null;
        }

        return clean.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            ? throw new KefuDeskException(AfterSalesErrors.CaseInvalid, field + ": no control characters")
            : clean.Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
