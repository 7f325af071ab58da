using KefuDesk.Components;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.JSInterop;
using MudBlazor;

namespace KefuDesk.Features.Routing.Agents;

/// <summary>
/// The agent's status selector. It re-reads the seat now and then (a supervisor or the idle sweep may
/// change it from elsewhere) and reports keyboard and mouse activity, so a working agent is never
/// set 离开 and an agent set 离开 comes back with the first keystroke.
/// </summary>
public sealed partial class StatusMenu : IAsyncDisposable
{
    /// <summary>How often the browser reports activity at most (the module throttles to this).</summary>
    public const int ActivityEveryMilliseconds = 60_000;

    private static readonly AgentStatus[] Choices = [AgentStatus.Online, AgentStatus.Busy, AgentStatus.Break, AgentStatus.Offline];
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    // A burst of conversation changes (routing hands out a queue) is counted once.
    private static readonly TimeSpan RecountAfter = TimeSpan.FromSeconds(1);

    // The browser already throttles; this keeps a misbehaving page from writing to the database on every event.
    private static readonly TimeSpan ServerThrottle = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _stop = new();
    private SeatView? _seat;
    private int _load;
    private DateTime _now;
    private StaffAccess? _staff;
    private Guid _me;
    private bool _recountQueued;
    private IDisposable? _subscription;
    private bool _sawConnected;
    private DateTime _lastActivity = DateTime.MinValue;
    private IJSObjectReference? _module;
    private DotNetObjectReference<StatusMenu>? _self;

    /// <summary>The workspace has registered its connection (which brings an offline agent online): read the status again.</summary>
    [Parameter] public bool Connected { get; set; }

    [Inject] private AgentStatuses Statuses { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private WorkspaceFeed Feed { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<StatusMenu> Log { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _staff = (await AuthenticationState).User.Access();
        _me = _staff.AgentId;
        await ReadAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Connected && !_sawConnected)
        {
            _sawConnected = true;
            await ReadAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _subscription = Feed.Subscribe(notice => InvokeAsync(() => OnNoticeAsync(notice)));
        _self = DotNetObjectReference.Create(this);
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Features/Routing/Agents/StatusMenu.razor.js");
        await _module.InvokeVoidAsync("watch", _self, ActivityEveryMilliseconds);
        _ = RefreshLoopAsync();
    }

    /// <summary>The browser saw keyboard or mouse activity (at most once a minute).</summary>
    [JSInvokable]
    public async Task Active()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        if (now - _lastActivity < ServerThrottle)
        {
            return;
        }

        _lastActivity = now;
        await Statuses.ActiveAsync(_me, _stop.Token);
        if (_seat?.Status == AgentStatus.Away)
        {
            await ReadAsync();
            StateHasChanged();
        }
    }

    /// <summary>Conversations given to me or taken from me change my load: count again, once per burst.</summary>
    private async Task OnNoticeAsync(WorkspaceNotice notice)
    {
        if (_recountQueued || !(notice.Kind == WorkspaceNoticeKind.Resync
                                || (notice.Kind == WorkspaceNoticeKind.ConversationChanged && _staff!.Serves(notice.ShopId))))
        {
            return;
        }

        _recountQueued = true;
        try
        {
            await Task.Delay(RecountAfter, _stop.Token);
            await ReadAsync();
            StateHasChanged();
        }
        catch (OperationCanceledException)
        {
            // the workspace closed
        }
        finally
        {
            _recountQueued = false;
        }
    }

    private async Task ChooseAsync(AgentStatus status)
    {
        try
        {
            _seat = await Statuses.ChooseAsync(_me, status, bySupervisor: false, _stop.Token);
            _now = Clock.GetUtcNow().UtcDateTime;
        }
        catch (KefuDeskException refused)
        {
            Snackbar.Add(T[refused.Error.ResourceKey], Severity.Warning);
        }
    }

    private async Task ReadAsync()
    {
        _seat = await Statuses.GetAsync(_me, _stop.Token);
        await using var db = await DbFactory.CreateDbContextAsync(_stop.Token);
        _load = await db.Conversations.CountAsync(c => c.AssigneeId == _me
                                                       && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending), _stop.Token);
        _now = Clock.GetUtcNow().UtcDateTime;
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
                    await ReadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // the workspace closed
        }
        catch (Exception ex)
        {
            Log.LogWarning(ex, "Status selector of {Agent} stopped refreshing", _me);
        }
    }

    private string Tooltip(SeatView seat) =>
        T["Status.Tooltip", T["AgentStatus." + seat.Status], Display.ShopTime(seat.StatusSince).ToString("HH:mm"), _load, seat.Limit]
        + (seat.Status == AgentStatus.Away ? " " + T["Status.AwayNote"] : "");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("stop");
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // the page is gone, and its listeners with it
            }
        }

        _self?.Dispose();
    }
}
