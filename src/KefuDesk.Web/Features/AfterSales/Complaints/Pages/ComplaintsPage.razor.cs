using System.Globalization;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace KefuDesk.Features.AfterSales.Complaints.Pages;

/// <summary>
/// 投诉: the working list (escalated ones first, in red, for supervisors to act on at once) and the
/// archive (投诉归档) with its search. Complaints recorded or escalated anywhere in the cluster show
/// up here without a reload; a supervisor is told of each escalation.
/// </summary>
public sealed partial class ComplaintsPage : IDisposable
{
    private const int PageSize = 20;

    private StaffAccess? _staff;
    private IReadOnlyList<(Guid Id, string Name)> _shops = [];
    private bool _archived;
    private bool _interactive;
    private bool _newOpen;
    private string _q = "";
    private Guid? _shopId;
    private ComplaintSource? _source;
    private ComplaintSeverity? _severity;
    private ComplaintStatus? _status;
    private bool _mine;
    private bool _escalatedOnly;
    private DateTime? _from;
    private DateTime? _to;
    private int _offset;
    private ComplaintPage? _page;
    private int _escalated;
    private DateTime _now;
    private string? _error;
    private IDisposable? _subscription;

    [Inject] private ComplaintQueries Queries { get; set; } = default!;
    [Inject] private WorkspaceFeed Feed { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private int PageNumber => (_offset / PageSize) + 1;

    private int PageCount => Math.Max(1, (int)Math.Ceiling((_page?.Total ?? 0) / (double)PageSize));

    private ComplaintFilter Filter => new(_archived, _shopId, _q, _archived ? null : _status, _source, _severity, null,
        _mine && !_archived ? _staff?.AgentId : null, _escalatedOnly && !_archived,
        _from is { } f ? DateOnly.FromDateTime(f) : null, _to is { } t ? DateOnly.FromDateTime(t) : null);

    /// <summary>The same filter for the export endpoint (the browser downloads it with the sign-in cookie).</summary>
    private string ExportUrl
    {
        get
        {
            var f = Filter;
            var query = new List<string> { "view=" + (f.Archived ? "archived" : "active") };
            void Add(string name, object? value)
            {
                if (value is not null && value.ToString() is { Length: > 0 } text)
                {
                    query.Add(name + "=" + Uri.EscapeDataString(text));
                }
            }

            Add("shopId", f.ShopId);
            Add("q", f.Q);
            Add("status", f.Status);
            Add("source", f.Source);
            Add("severity", f.Severity);
            Add("ownerId", f.OwnerId);
            Add("escalated", f.EscalatedOnly ? "true" : null);
            Add("from", f.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("to", f.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return "/api/after-sales/complaints/export?" + string.Join('&', query);
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _staff = (await AuthenticationState).User.Access();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            _shops = await db.ServedShopsAsync(_staff!);
        }

        await LoadAsync();
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

    private async Task OnNoticeAsync(WorkspaceNotice notice)
    {
        if (_staff is null || notice.Kind is not (WorkspaceNoticeKind.ComplaintsChanged or WorkspaceNoticeKind.Resync)
            || (notice.Kind == WorkspaceNoticeKind.ComplaintsChanged && !_staff.Serves(notice.ShopId)))
        {
            return;
        }

        if (notice is { Kind: WorkspaceNoticeKind.ComplaintsChanged, On: true } && _staff.MaySupervise)
        {
            Snackbar.Add(T["Complaints.EscalatedNotice", notice.ByName ?? ""], Severity.Error);
        }

        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        _error = null;
        try
        {
            _page = await Queries.ListAsync(_staff!, Filter, _offset, PageSize);
            _escalated = _staff!.MaySupervise ? await Queries.EscalatedCountAsync(_staff) : 0;
        }
        catch (KefuDeskException refused)
        {
            _error = refused.Detail ?? T[refused.Error.ResourceKey];
            _page = new ComplaintPage([], 0, PageSize, 0);
        }
    }

    private async Task ShowAsync(bool archived)
    {
        _archived = archived;
        _offset = 0;
        _page = null;
        await LoadAsync();
    }

    private async Task SearchAsync()
    {
        _offset = 0;
        await LoadAsync();
    }

    private async Task SearchOnEnterAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await SearchAsync();
        }
    }

    private async Task GoAsync(int pages)
    {
        _offset = Math.Max(0, _offset + (pages * PageSize));
        await LoadAsync();
    }

    private async Task CreatedAsync(Guid id)
    {
        _archived = false;
        _offset = 0;
        await LoadAsync();
    }
}
