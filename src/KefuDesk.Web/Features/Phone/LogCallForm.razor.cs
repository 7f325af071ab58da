using System.Globalization;
using KefuDesk.Components;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Categories;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;

namespace KefuDesk.Features.Phone;

/// <summary>
/// 记录通话: the call as the agent had it, checked by the same rules as the API before it is sent,
/// and logged in one step. For a call back it is the outbound call answering the task.
/// </summary>
public sealed partial class LogCallForm
{
    private CallDirection _direction = CallDirection.Inbound;
    private string _number = "";
    private string _shopId = "";
    private DateTime _started;
    private CallOutcome _outcome = CallOutcome.Answered;
    private string _duration = "";
    private string _name = "";
    private bool _link;
    private string _notes = "";
    private bool _followUp;
    private string _parentId = "";
    private string _childId = "";
    private string? _error;
    private bool _saving;

    // One id per form: a double click or a retry logs the call once.
    private readonly Guid _callId = Guid.CreateVersion7();

    [Parameter, EditorRequired] public StaffAccess Staff { get; set; } = default!;
    [Parameter] public IReadOnlyList<(Guid Id, string Name)> Shops { get; set; } = [];
    [Parameter] public IReadOnlyList<CategoryNode> Categories { get; set; } = [];

    /// <summary>Shops whose policy wants a consultation record on every resolved conversation.</summary>
    [Parameter] public IReadOnlySet<Guid> ShopsRequiringRecord { get; set; } = new HashSet<Guid>();

    /// <summary>The buyer of the open conversation, whom the call may be about.</summary>
    [Parameter] public (Guid CustomerId, Guid ShopId, string Name)? Linkable { get; set; }

    /// <summary>The call-back this call answers (taken by the agent, so its number is shown in full).</summary>
    [Parameter] public CallbackView? Callback { get; set; }

    [Parameter] public EventCallback<LoggedCall> OnLogged { get; set; }
    [Parameter] public EventCallback OnCancel { get; set; }

    [Inject] private ConversationWriter Writer { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private bool Unconnected => CheckedCall.Unconnected(_outcome);

    private Guid? ShopId => Callback?.ShopId ?? (Guid.TryParse(_shopId, out var id) ? id : null);

    private bool RecordRequired => ShopId is { } shop && ShopsRequiringRecord.Contains(shop);

    /// <summary>A resolved answered call carries the consultation record, as a resolved chat does.</summary>
    private bool WantsRecord => _outcome == CallOutcome.Answered && !_followUp;

    private IReadOnlyList<CategoryNode> Children =>
        Guid.TryParse(_parentId, out var id) ? Categories.FirstOrDefault(c => c.Id == id)?.Children ?? [] : [];

    private string Hint =>
        _followUp ? "Phone.HintFollowUp"
        : Callback is not null ? (_outcome == CallOutcome.Answered ? "Phone.HintCallbackDone" : "Phone.HintCallbackRetry")
        : _direction == CallDirection.Inbound && _outcome != CallOutcome.Answered ? "Phone.HintMissed"
        : "Phone.HintResolved";

    protected override void OnInitialized()
    {
        _started = Display.ShopTime(Clock.GetUtcNow().UtcDateTime);
        _started = _started.AddTicks(-(_started.Ticks % TimeSpan.TicksPerMinute));
        _shopId = (Linkable?.ShopId ?? (Shops.Count > 0 ? Shops[0].Id : Guid.Empty)).ToString();
        if (Callback is { } task)
        {
            _direction = CallDirection.Outbound;
            _number = task.Number;
            _shopId = task.ShopId.ToString();
        }
    }

    private void SetDirection(CallDirection direction)
    {
        _direction = direction;
        if (!CheckedCall.OutcomesFor(direction).Contains(_outcome))
        {
            _outcome = CallOutcome.Answered;
        }
    }

    private void OutcomeChanged()
    {
        if (Unconnected)
        {
            _duration = "";
        }
    }

    private async Task SaveAsync()
    {
        _error = null;
        var now = Clock.GetUtcNow().UtcDateTime;
        if (!TryDuration(out var seconds))
        {
            _error = T["Phone.DurationFormat"];
            return;
        }

        var startedAt = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(_started, DateTimeKind.Unspecified), Display.ShopZone));
        Guid? category = Guid.TryParse(_childId, out var child) ? child : Guid.TryParse(_parentId, out var parent) ? parent : null;
        var input = new CallLogInput(ShopId, _direction.ToString(), Callback is null ? _number : null, startedAt, seconds, _outcome.ToString(), _notes,
            CustomerId: Callback?.CustomerId ?? (_link ? Linkable?.CustomerId : null),
            CustomerName: _link ? null : _name,
            CallbackTaskId: Callback?.Id,
            FollowUp: _followUp,
            Record: WantsRecord && category is not null ? new ConsultationRecordInput(category, null, null) : null,
            CallId: _callId);
        _saving = true;
        try
        {
            var logged = await Writer.ExecuteAsync(new LogCall(Staff, CheckedCall.From(input, now)));
            await OnLogged.InvokeAsync(logged);
        }
        catch (KefuDeskException refused)
        {
            _error = refused.Error == KefuDeskError.RecordRequired ? T["Phone.CategoryNeeded"] : refused.Detail ?? T[refused.Error.ResourceKey];
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>"3:12" or "0:45"; empty is 0 (and the check says so if the call was answered).</summary>
    private bool TryDuration(out int? seconds)
    {
        seconds = null;
        var text = _duration.Trim().Replace('：', ':');
        if (text.Length == 0)
        {
            return true;
        }

        var parts = text.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var secs) || secs > 59 || minutes > 1440)
        {
            return false;
        }

        seconds = minutes * 60 + secs;
        return true;
    }
}
