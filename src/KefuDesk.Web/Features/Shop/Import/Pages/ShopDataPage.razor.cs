using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.Shop.Import.Pages;

/// <summary>
/// 店铺数据: import a file in three steps (template, upload, check then confirm) with the check's
/// preview, the shop's recent imports, and the sync secret and webhook for the shop's platform.
/// The page polls the import while it is checked or imported; the work runs in <see cref="ImportRunner"/>.
/// </summary>
public sealed partial class ShopDataPage : IDisposable
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    private IReadOnlyList<(Guid Id, string Name)> _shops = [];
    private Guid? _shopId;
    private ImportKind _kind = ImportKind.Orders;
    private ImportView? _current;
    private IReadOnlyList<ImportView> _recent = [];
    private string? _error;
    private bool _uploading;
    private bool _confirming;
    private bool _interactive;
    private StaffAccess _staff = default!;
    private Guid _organisation;
    private PeriodicTimer? _poll;
    private readonly CancellationTokenSource _gone = new();

    [Inject] private ShopImports Imports { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> Text { get; set; } = default!;
    [Inject] private ILogger<ShopDataPage> Log { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private bool Busy => _uploading || _current?.Status is ImportStatus.Checking or ImportStatus.Importing;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _staff = user.Access();
        _organisation = user.OrganisationId();
        await using var db = await DbFactory.CreateDbContextAsync();
        var ids = _staff.ShopIds.ToList();
        _shops = (await db.Shops.AsNoTracking().Where(s => ids.Contains(s.Id) && s.OrganisationId == _organisation).OrderBy(s => s.CreatedAt)
            .Select(s => new { s.Id, s.Name }).ToListAsync()).Select(s => (s.Id, s.Name)).ToList();
        _shopId = _shops.Count > 0 ? _shops[0].Id : null;
        await LoadRecentAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task PickShopAsync(Guid shopId)
    {
        if (Busy)
        {
            return;
        }

        _shopId = shopId;
        Reset();
        await LoadRecentAsync();
    }

    private void PickKind(ImportKind kind)
    {
        _kind = kind;
        Reset();
    }

    private void Reset()
    {
        _current = null;
        _error = null;
    }

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        if (_shopId is not { } shop)
        {
            return;
        }

        _error = null;
        _current = null;
        _uploading = true;
        try
        {
            await using var content = e.File.OpenReadStream(ImportFile.MaxBytes, _gone.Token);
            _current = await Imports.UploadAsync(_staff, _organisation, shop, _kind, e.File.Name, content, _gone.Token);
            Follow();
        }
        catch (KefuDeskException refused)
        {
            _error = Text[refused.Error.ResourceKey] + (refused.Error == Sync.ShopDataErrors.ColumnsMissing ? " " + refused.Detail : "");
        }
        catch (IOException tooLarge) when (e.File.Size > ImportFile.MaxBytes)
        {
            Log.LogInformation(tooLarge, "Import file {File} too large", e.File.Name);
            _error = Text[Sync.ShopDataErrors.FileTooLarge.ResourceKey];
        }
        finally
        {
            _uploading = false;
        }
    }

    private async Task ConfirmAsync()
    {
        if (_current is null)
        {
            return;
        }

        _confirming = true;
        try
        {
            _current = await Imports.ConfirmAsync(_staff, _organisation, _current.Id, _gone.Token);
            Follow();
        }
        catch (KefuDeskException refused)
        {
            _error = Text[refused.Error.ResourceKey];
        }
        finally
        {
            _confirming = false;
        }
    }

    /// <summary>Polls the import until it is checked or imported (the runner may be on another node).</summary>
    private void Follow()
    {
        if (_poll is not null || _current?.Status is not (ImportStatus.Checking or ImportStatus.Importing))
        {
            return;
        }

        _poll = new PeriodicTimer(PollEvery);
        _ = PollAsync(_poll);
    }

    private async Task PollAsync(PeriodicTimer poll)
    {
        var gone = _gone.Token;
        try
        {
            while (await poll.WaitForNextTickAsync(gone) && _current is { } current)
            {
                var view = await Imports.GetAsync(_staff, _organisation, current.Id, gone);
                var finished = view.Status is not (ImportStatus.Checking or ImportStatus.Importing);
                await InvokeAsync(async () =>
                {
                    _current = view;
                    if (finished)
                    {
                        await LoadRecentAsync();
                    }

                    StateHasChanged();
                });
                if (finished)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
        catch (Exception ex)
        {
            Log.LogWarning(ex, "Following import {Import} failed", _current?.Id);
        }
        finally
        {
            poll.Dispose();
            _poll = null;
        }
    }

    private async Task LoadRecentAsync() =>
        _recent = _shopId is { } shop ? await Imports.RecentAsync(_staff, _organisation, shop, 10, _gone.Token) : [];

    public void Dispose() => _gone.Cancel();
}
