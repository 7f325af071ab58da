using KefuDesk.Features.Routing.Admin;
using KefuDesk.Features.Routing.Groups;
using Microsoft.AspNetCore.Components;

namespace KefuDesk.Features.Routing.Pages;

/// <summary>Adds or edits one skill group. What was typed stays in the form when the service refuses it.</summary>
public sealed partial class GroupForm
{
    private static readonly DistributionStrategy[] Strategies = Enum.GetValues<DistributionStrategy>();

    private readonly Dictionary<Guid, (bool In, int Priority)> _members = [];
    private string _name = "";
    private string _type = "";
    private bool _isDefault;
    private DistributionStrategy _strategy;
    private int _stickyDays;
    private string _greeting = "";
    private string _waitNotice = "";
    private int _waitNoticeSeconds = 60;
    private string _busyReply = "";
    private string _afterHoursReply = "";
    private int _queueTimeoutSeconds;
    private string _overflow = "";
    private int _answerTimeoutSeconds;
    private bool _rerouteWhenOffline = true;
    private bool _ownHours;
    private BusinessHoursEditor? _hoursEditor;
    private string? _error;
    private bool _saving;

    /// <summary>A colleague who serves the shop (only they can be members).</summary>
    public sealed record StaffChoice(Guid AgentId, string DisplayName, string Nickname);

    /// <summary>The group to edit; null adds a new one.</summary>
    [Parameter] public GroupView? Group { get; set; }

    [Parameter, EditorRequired] public IReadOnlyList<StaffChoice> Staff { get; set; } = [];

    /// <summary>The shop's groups (another one can take this group's overflow).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<GroupView> Groups { get; set; } = [];

    /// <summary>Saves; returns the refusal to show next to the form, or null when saved.</summary>
    [Parameter, EditorRequired] public Func<GroupInput, Task<string?>> Save { get; set; } = default!;

    [Parameter] public EventCallback OnCancel { get; set; }

    private IEnumerable<GroupView> OverflowChoices => Groups.Where(g => g.Id != Group?.Id);

    protected override void OnInitialized()
    {
        foreach (var s in Staff)
        {
            _members[s.AgentId] = (false, 1);
        }

        if (Group is not { } g)
        {
            return;
        }

        _name = g.Name;
        _type = g.ServiceType?.ToString() ?? "";
        _isDefault = g.IsDefault;
        var s1 = g.Settings;
        _strategy = s1.Strategy;
        _stickyDays = s1.StickyDays;
        _greeting = s1.Greeting ?? "";
        _waitNotice = s1.WaitNotice ?? "";
        _waitNoticeSeconds = s1.WaitNoticeSeconds;
        _busyReply = s1.BusyReply ?? "";
        _afterHoursReply = s1.AfterHoursReply ?? "";
        _queueTimeoutSeconds = s1.QueueTimeoutSeconds;
        _overflow = s1.OverflowGroupId?.ToString() ?? "";
        _answerTimeoutSeconds = s1.AnswerTimeoutSeconds;
        _rerouteWhenOffline = s1.RerouteWhenOffline;
        _ownHours = s1.Hours is not null;
        // A member who no longer serves the shop cannot stay one (the service would refuse the whole group).
        foreach (var m in g.Members.Where(m => _members.ContainsKey(m.AgentId)))
        {
            _members[m.AgentId] = (true, m.Priority);
        }
    }

    private void SetMember(Guid agentId, bool member) => _members[agentId] = (member, _members[agentId].Priority);

    private void SetPriority(Guid agentId, int priority) => _members[agentId] = (_members[agentId].In, priority);

    private async Task SaveAsync()
    {
        if (string.IsNullOrWhiteSpace(_name))
        {
            _error = T["RoutingSettings.NameRequired"];
            return;
        }

        if (_ownHours && _hoursEditor?.Problem() is { } problem)
        {
            _error = problem;
            return;
        }

        var hours = _ownHours && _hoursEditor is not null ? _hoursEditor.Current() : null;
        var input = new GroupInput(
            _name,
            Enum.TryParse<ServiceType>(_type, out var type) ? type : null,
            new GroupSettings(_strategy, _stickyDays, _greeting, _waitNotice, _waitNoticeSeconds, _busyReply, _afterHoursReply,
                _queueTimeoutSeconds, Guid.TryParse(_overflow, out var overflow) ? overflow : null, _answerTimeoutSeconds, _rerouteWhenOffline, hours),
            [.. _members.Where(m => m.Value.In).Select(m => new MemberInput(m.Key, m.Value.Priority))],
            _isDefault);
        _saving = true;
        _error = await Save(input);
        _saving = false;
    }

    private static BusinessHours? Existing(GroupView? group) => group?.Settings.Hours;
}
