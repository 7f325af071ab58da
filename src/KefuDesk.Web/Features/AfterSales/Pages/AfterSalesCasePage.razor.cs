using KefuDesk.Components;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;

namespace KefuDesk.Features.AfterSales.Pages;

/// <summary>
/// One case: its facts, photos, the order's money, its history, and buttons for exactly the steps
/// the reader may take now. Steps that need words (a reason, a tracking number) open a short form.
/// </summary>
public sealed partial class AfterSalesCasePage
{
    private StaffAccess? _staff;
    private CaseDetails? _case;
    private bool _missing;
    private bool _interactive;
    private bool _busy;
    private string? _error;
    private CaseStep? _open;
    private string? _note;
    private string? _carrier;
    private string? _trackingNo;
    private bool _passed = true;
    private DateTime _now;

    [Parameter] public Guid Id { get; set; }

    [Inject] private CaseQueries Queries { get; set; } = default!;
    [Inject] private AfterSalesCases Cases { get; set; } = default!;
    [Inject] private Attachments AttachmentFiles { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> Text { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _staff ??= (await AuthenticationState).User.Access();
        _open = null;
        _error = null;
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        try
        {
            _case = await Queries.DetailsAsync(_staff!, Id);
            _missing = false;
        }
        catch (KefuDeskException refused) when (refused.Error == AfterSalesErrors.CaseNotFound)
        {
            _case = null;
            _missing = true;
        }
    }

    /// <summary>The button's words, in the case's own terms: 同意退款 ¥300.00, 寄出新品, 确认已退款 ¥300.00.</summary>
    private string StepLabel(CaseStep step, CaseDetails d) => step switch
    {
        CaseStep.Approve when d.Case.Kind == CaseKind.RefundOnly => Text["AfterSales.Step.ApproveRefund", Display.Yuan(d.Case.RefundFen)],
        CaseStep.Approve when CasePaths.NeedsReturn(d.Case.Kind) => Text["AfterSales.Step.ApproveReturn"],
        CaseStep.CompleteRefund => Text["AfterSales.Step.CompleteRefundOf", Display.Yuan(d.Case.RefundFen)],
        CaseStep.Fulfil => Text["AfterSales.Fulfil." + d.Case.Kind],
        _ => Text["AfterSales.Step." + step],
    };

    private static bool NeedsForm(CaseStep step) =>
        step is CaseStep.Reject or CaseStep.Withdraw or CaseStep.BuyerReturned or CaseStep.Inspect or CaseStep.Fulfil;

    private bool CanAddEvidence(CaseDetails d) =>
        !CasePaths.IsFinal(d.Case.Status) && d.Evidence.Count < AfterSalesCase.MaxEvidence
        && (d.Case.OwnerId is null || d.Case.OwnerId == _staff!.AgentId || _staff.MaySupervise);

    private async Task ChooseAsync(CaseStep step)
    {
        _error = null;
        if (NeedsForm(step))
        {
            _open = step;
            _note = null;
            _carrier = null;
            _trackingNo = null;
            _passed = true;
            return;
        }

        await TakeAsync(new CaseStepRequest(step, _case!.Version));
    }

    private Task SubmitAsync() =>
        _open is { } step
            ? TakeAsync(new CaseStepRequest(step, _case!.Version, _note?.Trim(), _carrier?.Trim(), _trackingNo?.Trim(), _passed))
            : Task.CompletedTask;

    private async Task TakeAsync(CaseStepRequest request)
    {
        _busy = true;
        try
        {
            await Cases.TakeAsync(_staff!, Id, request);
            _open = null;
            _error = null;
        }
        catch (KefuDeskException refused)
        {
            _error = Explain(refused);
        }
        finally
        {
            _busy = false;
        }

        await LoadAsync();
    }

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        var file = e.File;
        _error = null;
        if (file.Size > AttachmentRules.MaxImageBytes)
        {
            _error = Text["Error.attachment_too_large"];
            return;
        }

        var temp = Path.GetTempFileName();
        AttachmentInfo? stored = null;
        try
        {
            await using (var target = File.Create(temp))
            {
                await file.OpenReadStream(AttachmentRules.MaxImageBytes).CopyToAsync(target);
            }

            stored = await AttachmentFiles.UploadAsync(AttachmentParty.Staff(_staff!.AgentId, _staff.ShopIds), _case!.Case.ShopId, file.Name, file.Size,
                () => File.OpenRead(temp), CancellationToken.None);
            await Cases.AddEvidenceAsync(_staff, Id, stored.Id);
        }
        catch (KefuDeskException refused)
        {
            if (stored is not null)
            {
                await AttachmentFiles.DiscardUnusedAsync(stored.Id, CancellationToken.None); // nothing half-written
            }

            _error = Explain(refused);
        }
        finally
        {
            File.Delete(temp);
        }

        await LoadAsync();
    }

    private string Explain(KefuDeskException refused) => CaseRefusals.Explain(refused, Text);
}
