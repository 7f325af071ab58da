using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace KefuDesk.Features.Shop.Orders.Pages;

/// <summary>
/// 催付话术: the wordings agents send from an unpaid order (built-in ones, then the shop's own), for
/// a supervisor to add, reword and remove, with the text as the buyer will read it.
/// </summary>
public sealed partial class ReminderTemplatesPage
{
    private static readonly string[] Variables = ["{买家}", "{订单号}", "{金额}"];

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [Inject] private PaymentReminders Reminders { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private StaffAccess _staff = default!;
    private IReadOnlyList<(Guid Id, string Name)> _shops = [];
    private Guid _shopId;
    private IReadOnlyList<ReminderTemplateView>? _templates;
    private Guid? _editingId;
    private Guid? _deletingId;
    private string _name = "";
    private string _text = "";
    private string? _error;
    private bool _busy;
    private bool _interactive;

    protected override async Task OnInitializedAsync()
    {
        _staff = (await AuthenticationState).User.Access();
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            _shops = await db.ServedShopsAsync(_staff);
        }

        if (_shops.Count > 0)
        {
            _shopId = _shops[0].Id;
            await LoadAsync();
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

    private async Task LoadAsync() => _templates = await Reminders.TemplatesAsync(_staff, _shopId);

    private async Task ChangeShopAsync(ChangeEventArgs e)
    {
        if (Guid.TryParse(e.Value?.ToString(), out var shopId) && _shops.Any(s => s.Id == shopId))
        {
            _shopId = shopId;
            ClearForm();
            _templates = null;
            await LoadAsync();
        }
    }

    private void Edit(ReminderTemplateView template)
    {
        (_editingId, _deletingId, _name, _text, _error) = (template.Id, null, template.Name, template.Text, null);
    }

    private void AskDelete(ReminderTemplateView template) => _deletingId = template.Id;

    private void ClearForm() => (_editingId, _name, _text, _error) = (null, "", "", null);

    private void Insert(string variable) => _text = (_text ?? "") + variable;

    private async Task SaveAsync()
    {
        if (_busy)
        {
            return;
        }

        (_busy, _error) = (true, null);
        try
        {
            var input = new TemplateInput(_name, _text);
            var saved = _editingId is { } id
                ? await Reminders.ChangeTemplateAsync(_staff, id, input)
                : await Reminders.AddTemplateAsync(_staff, _shopId, input);
            Snackbar.Add(T[_editingId is null ? "Reminders.Added" : "Reminders.Saved", saved.Name], Severity.Success);
            ClearForm();
            await LoadAsync();
        }
        catch (KefuDeskException refused)
        {
            _error = T[refused.Error.ResourceKey];
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeleteAsync(ReminderTemplateView template)
    {
        _busy = true;
        try
        {
            await Reminders.DeleteTemplateAsync(_staff, template.Id);
            Snackbar.Add(T["Reminders.Deleted", template.Name], Severity.Success);
            if (_editingId == template.Id)
            {
                ClearForm();
            }
        }
        catch (KefuDeskException refused)
        {
            Snackbar.Add(T[refused.Error.ResourceKey], Severity.Error);
        }
        finally
        {
            (_busy, _deletingId) = (false, null);
        }

        await LoadAsync();
    }

    private string Preview(string text) => ReminderTemplate.Fill(text, T["Reminders.SampleBuyer"], "XL20261123001", 12_800);

    private static int Length(string? text) => (text ?? "").Trim().Length;
}
