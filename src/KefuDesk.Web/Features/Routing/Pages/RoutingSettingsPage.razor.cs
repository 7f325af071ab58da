using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing.Admin;
using KefuDesk.Features.Routing.Groups;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace KefuDesk.Features.Routing.Pages;

/// <summary>
/// 分流设置: a shop's skill groups, entry rules and business hours, as admins shape them. Each part
/// saves on its own; a refusal is shown next to the part, and what was typed stays.
/// </summary>
public sealed partial class RoutingSettingsPage
{
    private static readonly DialogOptions GroupDialog = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, BackdropClick = false };
    private static readonly DialogOptions ConfirmDialog = new() { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true };

    private Guid _organisation;
    private IReadOnlyList<(Guid Id, string Name)> _shops = [];
    private Guid _shopId;
    private ShopRoutingView? _routing;
    private IReadOnlyList<GroupForm.StaffChoice> _staff = [];
    // An editor starts again from what is stored when its key moves: another shop, or rules removed with a group.
    private int _rulesKey;
    private int _hoursKey;
    private bool _interactive;
    private bool _groupOpen;
    private GroupView? _editing;
    private int _formKey;
    private bool _removeOpen;
    private GroupView? _removing;
    private string? _removeError;
    private BusinessHoursEditor? _hoursEditor;
    private string? _hoursError;

    [Inject] private RoutingAdmin Admin { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _organisation = (await AuthenticationState).User.OrganisationId();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            _shops = (await db.Shops.AsNoTracking().Where(s => s.OrganisationId == _organisation).OrderBy(s => s.CreatedAt)
                .Select(s => new { s.Id, s.Name }).ToListAsync()).Select(s => (s.Id, s.Name)).ToList();
        }

        if (_shops.Count > 0)
        {
            await PickAsync(_shops[0].Id);
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task PickAsync(Guid shopId)
    {
        _shopId = shopId;
        _hoursError = null;
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            _staff = await (from s in db.AgentShops.AsNoTracking()
                            join a in db.Users on s.AgentId equals a.Id
                            where s.ShopId == shopId
                            orderby a.CreatedAt
                            select new GroupForm.StaffChoice(a.Id, a.DisplayName, a.Nickname)).ToListAsync();
        }

        await ReloadAsync(restartRules: true, restartHours: true);
    }

    /// <summary>Reads the shop again; the rules and hours editors keep unsaved edits unless told to start again.</summary>
    private async Task ReloadAsync(bool restartRules = false, bool restartHours = false)
    {
        _routing = await Admin.ShopAsync(_organisation, _shopId, default);
        _rulesKey += restartRules ? 1 : 0;
        _hoursKey += restartHours ? 1 : 0;
    }

    private void OpenGroup(GroupView? group)
    {
        _editing = group;
        _formKey++;
        _groupOpen = true;
    }

    private async Task<string?> SaveGroupAsync(GroupInput input)
    {
        var error = await Refusal(() => _editing is { } g
            ? Admin.ChangeGroupAsync(_organisation, g.Id, input, default)
            : Admin.AddGroupAsync(_organisation, _shopId, input, default));
        if (error is null)
        {
            _groupOpen = false;
            Snackbar.Add(T["RoutingSettings.GroupSaved", input.Name.Trim()], Severity.Success);
            await ReloadAsync();
            StateHasChanged(); // called by the form, not through an event of this page
        }

        return error;
    }

    private void AskRemove(GroupView group)
    {
        _removing = group;
        _removeError = null;
        _removeOpen = true;
    }

    private async Task RemoveAsync()
    {
        _removeError = await Refusal(async () =>
        {
            await Admin.RemoveGroupAsync(_organisation, _removing!.Id, default);
            return true;
        });
        if (_removeError is null)
        {
            _removeOpen = false;
            Snackbar.Add(T["RoutingSettings.GroupRemoved", _removing!.Name], Severity.Success);
            await ReloadAsync(restartRules: true); // its entry rules are gone with it
        }
    }

    private async Task<string?> SaveRulesAsync(IReadOnlyList<EntryRuleInput> rules)
    {
        var error = await Refusal(() => Admin.ReplaceRulesAsync(_organisation, _shopId, rules, default));
        if (error is null)
        {
            Snackbar.Add(T["RoutingSettings.RulesSaved"], Severity.Success);
            await ReloadAsync(); // the editor's rows are what was saved
            StateHasChanged();
        }

        return error;
    }

    private async Task SaveHoursAsync()
    {
        var hours = _hoursEditor?.Current();
        _hoursError = _hoursEditor?.Problem() ?? await Refusal(() => Admin.ChangeHoursAsync(_organisation, _shopId, hours, default));
        if (_hoursError is null)
        {
            Snackbar.Add(T["RoutingSettings.HoursSaved"], Severity.Success);
            await ReloadAsync();
        }
    }

    /// <summary>Runs a change; a refusal comes back as the text to show next to the form.</summary>
    private async Task<string?> Refusal<TResult>(Func<Task<TResult>> change)
    {
        try
        {
            await change();
            return null;
        }
        catch (KefuDeskException refused)
        {
            return T[refused.Error.ResourceKey] + (refused.Detail is null ? "" : $" ({refused.Detail})");
        }
    }

    private string MembersText(GroupView g) => g.Members.Count == 0
        ? T["RoutingSettings.AllStaff"]
        : string.Join("、", g.Members.Select(m => T["RoutingSettings.MemberSummary", _staff.FirstOrDefault(s => s.AgentId == m.AgentId)?.DisplayName ?? "?", m.Priority].Value));

    private string TimeoutsText(GroupView g)
    {
        var s = g.Settings;
        var parts = new List<string>();
        if (s.QueueTimeoutSeconds > 0)
        {
            var overflow = _routing?.Groups.FirstOrDefault(x => x.Id == s.OverflowGroupId)?.Name;
            parts.Add(overflow is null ? T["RoutingSettings.QueueToMessage", s.QueueTimeoutSeconds] : T["RoutingSettings.QueueToGroup", s.QueueTimeoutSeconds, overflow]);
        }

        if (s.AnswerTimeoutSeconds > 0)
        {
            parts.Add(T["RoutingSettings.AnswerSummary", s.AnswerTimeoutSeconds]);
        }

        if (s.Hours is not null)
        {
            parts.Add(T["RoutingSettings.OwnHoursSummary"]);
        }

        return parts.Count == 0 ? T["RoutingSettings.NoTimeouts"] : string.Join(" · ", parts);
    }
}
