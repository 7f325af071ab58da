using System.ComponentModel;
using System.Globalization;
using System.Resources;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Input;

namespace KefuDesk.Features.Phone;

/// <summary>A call as the agent logs it (REST body and the workspace's form).</summary>
public sealed record CallLogInput(
    [property: Description("The shop the call was for; may be left out when completing a call-back (the task's shop)")] Guid? ShopId,
    [property: Description("inbound | outbound")] string? Direction,
    [property: Description("The buyer's number as typed: digits, spaces, dashes, brackets, an optional leading +; a number that exists (mainland by default, +country code otherwise) or a mainland service number such as 95588; may be left out when completing a call-back")] string? Number,
    [property: Description("When the call started (default: now); at most a minute ahead, at most 30 days ago")] DateTimeOffset? StartedAt,
    [property: Description("Seconds on the line, 0–86400; 0 for missed, unanswered and busy calls")] int? DurationSeconds,
    [property: Description("answered | missed (inbound) | noAnswer (outbound) | busy | voicemail")] string? Outcome,
    [property: Description("What was said, up to 2000 characters; kept as an internal note in the call's conversation")] string? Notes = null,
    [property: Description("The customer the agent picked (say, of the open chat); otherwise found by the number, or recorded now")] Guid? CustomerId = null,
    [property: Description("The caller's name, for a customer recorded now (up to 100 characters)")] string? CustomerName = null,
    [property: Description("The call-back this outbound call answers: an answered call completes it")] Guid? CallbackTaskId = null,
    [property: Description("Keep the call's conversation open (assigned to me) instead of resolving it")] bool FollowUp = false,
    [property: Description("Consultation record for the resolved conversation; the summary defaults to the notes")] ConsultationRecordInput? Record = null,
    [property: Description("Optional id chosen by the client: sending the same call twice logs it once")] Guid? CallId = null);

/// <summary>A call log that passed every check that needs no database.</summary>
public sealed record CheckedCall(Guid CallId, Guid? ShopId, CallDirection Direction, string? Number, DateTime StartedAt, int DurationSeconds,
    CallOutcome Outcome, string? Notes, Guid? CustomerId, string? CustomerName, Guid? CallbackTaskId, bool FollowUp,
    ConsultationRecordInput? Record, CultureInfo Culture)
{
    public const int MaxDurationSeconds = 86_400;
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);

    /// <summary>Outcomes that mean nobody spoke: the line was never open, so the duration is 0.</summary>
    public static bool Unconnected(CallOutcome outcome) => outcome is CallOutcome.Missed or CallOutcome.NoAnswer or CallOutcome.Busy;

    /// <summary>Which outcomes make sense for a direction: we miss calls coming in, buyers do not answer ours.</summary>
    public static IReadOnlyList<CallOutcome> OutcomesFor(CallDirection direction) => direction == CallDirection.Inbound
        ? [CallOutcome.Answered, CallOutcome.Missed, CallOutcome.Busy, CallOutcome.Voicemail]
        : [CallOutcome.Answered, CallOutcome.NoAnswer, CallOutcome.Busy, CallOutcome.Voicemail];

    /// <summary>Checks the input; the refusal names what to fix, in the caller's language.</summary>
    public static CheckedCall From(CallLogInput input, DateTime now)
    {
        var culture = CultureInfo.CurrentUICulture;
        var direction = Enum.TryParse<CallDirection>(input.Direction?.Trim(), ignoreCase: true, out var d) && Enum.IsDefined(d) && !IsNumeric(input.Direction)
            ? d
            : throw CallRefusal.Because("Direction", culture);
        var outcome = Enum.TryParse<CallOutcome>(input.Outcome?.Trim(), ignoreCase: true, out var o) && Enum.IsDefined(o) && !IsNumeric(input.Outcome)
                      && OutcomesFor(direction).Contains(o)
            ? o
            : throw CallRefusal.Because("Outcome", culture);

        string? number = null;
        if (!string.IsNullOrWhiteSpace(input.Number))
        {
            number = Normalised(input.Number) ?? throw CallRefusal.Because("Number", culture);
        }
        else if (input.CallbackTaskId is null)
        {
            throw CallRefusal.Because("Number", culture);
        }

        if (input.ShopId is null && input.CallbackTaskId is null)
        {
            throw CallRefusal.Because("Shop", culture);
        }

        if (input.CallbackTaskId is not null && direction != CallDirection.Outbound)
        {
            throw CallRefusal.Because("CallbackOutbound", culture);
        }

        var startedAt = input.StartedAt?.UtcDateTime ?? now;
        if (startedAt > now + MaxAhead)
        {
            throw CallRefusal.Because("Future", culture);
        }

        if (startedAt < now - MaxAge)
        {
            throw CallRefusal.Because("TooOld", culture);
        }

        var duration = input.DurationSeconds ?? (outcome is CallOutcome.Answered ? throw CallRefusal.Because("Duration", culture) : 0);
        if (duration is < 0 or > MaxDurationSeconds)
        {
            throw CallRefusal.Because("Duration", culture);
        }

        if (Unconnected(outcome) && duration != 0)
        {
            throw CallRefusal.Because("NoDuration", culture);
        }

        var notes = string.IsNullOrWhiteSpace(input.Notes) ? null : InputText.Accepted(input.Notes, "notes").Trim();
        if (notes?.Length > PhoneCall.NotesMaxLength)
        {
            throw CallRefusal.Because("Notes", culture, PhoneCall.NotesMaxLength);
        }

        var name = string.IsNullOrWhiteSpace(input.CustomerName) ? null : InputText.Accepted(input.CustomerName, "customerName").Trim();
        if (name?.Length > Customer.NameMaxLength)
        {
            throw CallRefusal.Because("Name", culture, Customer.NameMaxLength);
        }

        return new CheckedCall(input.CallId is { } id && id != Guid.Empty ? id : Guid.CreateVersion7(now), input.ShopId, direction, number,
            startedAt, duration, outcome, notes, input.CustomerId, name, input.CallbackTaskId, input.FollowUp, input.Record, culture);
    }

    /// <summary>
    /// The number in the form identities are stored in (so the buyer is found again on any channel),
    /// or null when it is not a phone number (see <see cref="PhoneNumberInput"/>); a mainland service
    /// number such as 95588 counts, since calls are made to banks and carriers too.
    /// </summary>
    public static string? Normalised(string typed) =>
        PhoneNumberInput.Stored(typed, serviceNumbers: true) is { Length: <= PhoneCall.NumberMaxLength } number ? number : null;

    // "7" parses as an enum value; the API speaks names only.
    private static bool IsNumeric(string? value) => value?.Trim() is { Length: > 0 } v && (char.IsAsciiDigit(v[0]) || v[0] == '-');
}

/// <summary>Refusals of a call log, saying what to fix in the caller's language.</summary>
internal static class CallRefusal
{
    private static readonly ResourceManager Text = new("KefuDesk.Resources.SharedResource", typeof(CallRefusal).Assembly);

    public static KefuDeskException Because(string reason, CultureInfo culture, params object[] args)
    {
        var text = Text.GetString("Phone.Check." + reason, culture) ?? reason;
        return new KefuDeskException(KefuDeskError.CallInvalid, args.Length == 0 ? text : string.Format(culture, text, args));
    }
}
