using System.Text.Json;
using KefuDesk.Components;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace KefuDesk.Features.AfterSales.Complaints.Pages;

/// <summary>
/// One complaint: its facts, its history, and the next steps its owner (or a supervisor) may take.
/// Each step sends the version on screen, so acting on a complaint someone just changed is refused
/// (complaint_changed) and the page shows the fresh one.
/// </summary>
public sealed partial class ComplaintDetailsPage : IDisposable
{
    private StaffAccess? _staff;
    private ComplaintDetails? _details;
    private IReadOnlyList<TeamMate> _team = [];
    private Dictionary<Guid, string> _names = [];
    private bool _missing;
    private bool _interactive;
    private bool _busy;
    private string _resolution = "";
    private ReturnVisitResult _visit = ReturnVisitResult.Satisfied;
    private string _visitNote = "";
    private string _reason = "";
    private Guid _newOwner;
    private string? _error;
    private DateTime _now;
    private IDisposable? _subscription;

    [Parameter] public Guid Id { get; set; }

    [Inject] private ComplaintQueries Queries { get; set; } = default!;
    [Inject] private ComplaintDesk Desk { get; set; } = default!;
    [Inject] private WorkspaceFeed Feed { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _staff ??= (await AuthenticationState).User.Access();
        await LoadAsync();
        if (_details is { } d)
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            _team = await ShopTeam.OfShopAsync(db, d.Complaint.ShopId);
            _names = _team.ToDictionary(m => m.Id, m => m.Name);
            _newOwner = d.Complaint.OwnerId;
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _subscription = Feed.Subscribe(notice => InvokeAsync(() => OnNoticeAsync(notice)));
            _interactive = true;
            StateHasChanged();
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private bool MayWork(ComplaintRow c) => _staff is { } s && (s.MaySupervise || c.OwnerId == s.AgentId);

    private async Task OnNoticeAsync(WorkspaceNotice notice)
    {
        if (notice.Kind == WorkspaceNoticeKind.ComplaintsChanged && notice.ConversationId == Id && !_busy)
        {
            await LoadAsync();
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        try
        {
            _details = await Queries.GetAsync(_staff!, Id);
            _missing = false;
        }
        catch (KefuDeskException)
        {
            _missing = true;
        }
    }

    private Task ResolveAsync() => StepAsync(c => Desk.ResolveAsync(_staff!, Id, new ResolveComplaintInput(_resolution, c.Version)), "Complaints.Done.Resolved");

    private Task SeverityAsync(ComplaintSeverity severity) =>
        StepAsync(c => Desk.ChangeSeverityAsync(_staff!, Id, new SeverityInput(severity.ToString(), c.Version)),
            severity == ComplaintSeverity.HighRisk ? "Complaints.Done.Raised" : "Complaints.Done.Lowered");

    private Task ReturnVisitAsync() =>
        StepAsync(c => Desk.ReturnVisitAsync(_staff!, Id, new ReturnVisitInput(_visit.ToString(), _visitNote, c.Version)), "Complaints.Done.Visited");

    private Task ArchiveAsync() => StepAsync(c => Desk.ArchiveAsync(_staff!, Id, new ComplaintStepInput(c.Version)), "Complaints.Done.Archived");

    private Task ReopenAsync() => StepAsync(c => Desk.ReopenAsync(_staff!, Id, new ReopenComplaintInput(_reason, c.Version)), "Complaints.Done.Reopened");

    private Task ReassignAsync() =>
        StepAsync(c => Desk.ReassignAsync(_staff!, Id, new ReassignComplaintInput(_newOwner, c.Version)), "Complaints.Done.Reassigned");

    private async Task StepAsync(Func<ComplaintRow, Task> step, string done)
    {
        if (_details is null)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            await step(_details.Complaint);
            Snackbar.Add(T[done], Severity.Success);
            (_resolution, _visitNote, _reason) = ("", "", "");
        }
        catch (KefuDeskException refused)
        {
            _error = T[refused.Error.ResourceKey] + (refused.Detail is { } detail ? " " + detail : "");
        }
        finally
        {
            _busy = false;
        }

        await LoadAsync();
    }

    private string ActionText(string action) => T["Complaint.Action." + action] is { ResourceNotFound: false } text ? text : action;

    /// <summary>What a step changed, in words: 状态 处理中 → 已解决; 负责人 → 小丽.</summary>
    private string ChangeText(ComplaintStep step)
    {
        var before = Parse(step.Before);
        var after = Parse(step.After);
        var parts = new List<string>();
        foreach (var (key, value) in after)
        {
            var was = before.GetValueOrDefault(key);
            var text = key switch
            {
                "status" => Part("Complaint.Status", "Complaint.Status.", was, value),
                "severity" => Part("Complaint.Severity", "Complaint.Severity.", was, value),
                "reason" => T["Complaint.EscalatedFor." + Pascal(value ?? "")].Value,
                "ownerId" when before.Count > 0 => T["Complaint.Owner"] + " → " + Name(value),
                "deadline" when before.Count > 0 && DateTime.TryParse(value, null, System.Globalization.DateTimeStyles.RoundtripKind, out var d) =>
                    T["Complaint.Deadline"] + " → " + Display.ShopTime(d.ToUniversalTime()).ToString("MM-dd HH:mm"),
                _ => null,
            };
            if (text is not null)
            {
                parts.Add(text);
            }
        }

        return string.Join(" · ", parts);
    }

    private string? Part(string label, string prefix, string? was, string? now) =>
        now is null ? null : was is null ? $"{T[label]} {T[prefix + Pascal(now)]}" : $"{T[label]} {T[prefix + Pascal(was)]} → {T[prefix + Pascal(now)]}";

    private string Name(string? id) => Guid.TryParse(id, out var g) && _names.TryGetValue(g, out var name) ? name : "";

    private static string Pascal(string camel) => camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel[1..];

    private static Dictionary<string, string?> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.ValueKind != JsonValueKind.Object
            ? []
            : doc.RootElement.EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => p.Value.GetRawText(),
                });
    }
}
