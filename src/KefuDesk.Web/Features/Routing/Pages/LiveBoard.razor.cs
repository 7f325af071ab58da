using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing.Admin;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace KefuDesk.Features.Routing.Pages;

/// <summary>
/// 监控台: who is at work and how loaded, who waits and for how long, who lost which buyer. Read
/// again every few seconds while open; supervisors act on an agent from their row.
/// </summary>
public sealed partial class LiveBoard : IAsyncDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(3);

    /// <summary>A buyer waiting longer than this is shown in red.</summary>
    private static readonly TimeSpan LongWaitAfter = TimeSpan.FromMinutes(2);

    private static readonly AgentStatus[] Choices = [AgentStatus.Online, AgentStatus.Busy, AgentStatus.Break, AgentStatus.Offline];
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseButton = true };

    private readonly CancellationTokenSource _stop = new();
    private StaffAccess _staff = default!;
    private Guid _organisation;
    private BoardView? _board;
    private IReadOnlyList<ReassignForm.GroupChoice> _groups = [];
    private bool _interactive;
    private BoardAgent? _agent;
    private SeatView? _seat;
    private bool _seatOpen;
    private bool _reassignOpen;

    [Inject] private RoutingBoard Board { get; set; } = default!;
    [Inject] private RoutingAdmin Admin { get; set; } = default!;
    [Inject] private AgentStatuses Statuses { get; set; } = default!;
    [Inject] private Reassignment Reassignment { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<LiveBoard> Log { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private int Waiting => _board?.Queues.Sum(q => q.Waiting) ?? 0;

    private int OnlineLoad => _board?.Agents.Where(a => a.Status == AgentStatus.Online).Sum(a => a.Load) ?? 0;

    private int OnlineLimit => _board?.Agents.Where(a => a.Status == AgentStatus.Online).Sum(a => a.Limit) ?? 0;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _staff = user.Access();
        _organisation = user.OrganisationId();
        _board = await Board.ReadAsync(_staff.ShopIds, _stop.Token);
        await using var db = await DbFactory.CreateDbContextAsync(_stop.Token);
        var shops = _staff.ShopIds.ToList();
        _groups = await (from g in db.SkillGroups.AsNoTracking()
                         join s in db.Shops on g.ShopId equals s.Id
                         where shops.Contains(g.ShopId)
                         orderby s.CreatedAt, g.Name
                         select new ReassignForm.GroupChoice(g.Id, s.Name + " · " + g.Name)).ToListAsync(_stop.Token);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            _ = RefreshLoopAsync();
            StateHasChanged();
        }
    }

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(RefreshEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(async () =>
                {
                    await RefreshAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // the page closed
        }
        catch (Exception ex)
        {
            Log.LogWarning(ex, "The live board of {Supervisor} stopped refreshing", _staff.AgentId);
        }
    }

    private async Task RefreshAsync() => _board = await Board.ReadAsync(_staff.ShopIds, _stop.Token);

    private async Task SetStatusAsync(BoardAgent agent, AgentStatus status)
    {
        await Act(() => Statuses.ChooseAsync(agent.AgentId, status, bySupervisor: true, _stop.Token));
        await RefreshAsync();
    }

    private async Task OpenSeatAsync(BoardAgent agent)
    {
        _agent = agent;
        _seat = await Statuses.GetAsync(agent.AgentId, _stop.Token);
        _seatOpen = true;
    }

    private async Task<string?> SaveSeatAsync(SeatInput input)
    {
        var error = await Act(() => Admin.ConfigureSeatAsync(_organisation, _agent!.AgentId, input, _stop.Token), toSnackbar: false);
        if (error is null)
        {
            _seatOpen = false;
            Snackbar.Add(T["Board.SeatSaved", _agent!.Name], Severity.Success);
            await RefreshAsync();
            StateHasChanged(); // called by the form, not through an event of this page
        }

        return error;
    }

    private void OpenReassign(BoardAgent agent)
    {
        _agent = agent;
        _reassignOpen = true;
    }

    private async Task<string?> ReassignAsync(ReassignInput input)
    {
        ReassignResult? result = null;
        var error = await Act(async () => result = await Reassignment.MoveAsync(_staff, input, _stop.Token), toSnackbar: false);
        if (result is not null)
        {
            _reassignOpen = false;
            if (result.Refused.Count == 0)
            {
                Snackbar.Add(T["Board.Moved", result.Moved], Severity.Success);
            }
            else
            {
                Snackbar.Add(T["Board.MovedSome", result.Moved, result.Refused.Count], Severity.Warning);
            }

            await RefreshAsync();
            StateHasChanged();
        }

        return error;
    }

    /// <summary>Runs a change; a refusal becomes the message a supervisor can act on (in a snackbar, or returned for the form).</summary>
    private async Task<string?> Act<TResult>(Func<Task<TResult>> change, bool toSnackbar = true)
    {
        try
        {
            await change();
            return null;
        }
        catch (KefuDeskException refused)
        {
            var text = T[refused.Error.ResourceKey] + (refused.Detail is null ? "" : $" ({refused.Detail})");
            if (toSnackbar)
            {
                Snackbar.Add(text, Severity.Warning);
            }

            return text;
        }
    }

    private string ReasonText(string reason) =>
        Enum.TryParse<RerouteReason>(reason, out var known) ? T["Board.Reason." + known] : reason;

    private bool LongWait(BoardGroup q) => q.LongestWaitingSince is { } since && _board!.At - since >= LongWaitAfter;

    private static int BarWidth(BoardAgent a) => a.Limit <= 0 ? 100 : Math.Min(100, a.Load * 100 / a.Limit);

    private static string BarClass(BoardAgent a) => a.Load >= a.Limit ? "lb-bar-fill lb-bar-full" : a.Load * 10 >= a.Limit * 8 ? "lb-bar-fill lb-bar-high" : "lb-bar-fill";

    public async ValueTask DisposeAsync() => await _stop.CancelAsync();
}
