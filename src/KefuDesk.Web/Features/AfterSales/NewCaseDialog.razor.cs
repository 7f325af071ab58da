using System.Globalization;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace KefuDesk.Features.AfterSales;

/// <summary>
/// Opens a case from an order (and the conversation it came up in). Photos are the buyer's images
/// in that conversation, picked by a tap, or files uploaded here; uploads the case does not take are
/// removed again when the dialog closes.
/// </summary>
public sealed partial class NewCaseDialog : IAsyncDisposable
{
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true };

    private readonly List<EvidenceView> _uploaded = [];
    private readonly List<Guid> _picked = [];
    private StaffAccess? _staff;
    private CaseOrder? _order;
    private Guid? _loadedFor;
    private bool _wasVisible;
    private bool _loading;
    private bool _saving;
    private string? _error;
    private string? _orderNo;
    private CaseKind _kind = CaseKind.ReturnAndRefund;
    private CaseReason? _reason;
    private string? _refund;
    private string? _description;

    [Parameter] public bool Visible { get; set; }
    [Parameter] public EventCallback<bool> VisibleChanged { get; set; }

    /// <summary>The order; null lets the agent type its number.</summary>
    [Parameter] public Guid? OrderId { get; set; }

    /// <summary>The conversation the buyer asked in: linked to the case, and its images offered as evidence.</summary>
    [Parameter] public Guid? ConversationId { get; set; }

    [Parameter] public EventCallback<OpenedCase> OnCreated { get; set; }

    [Inject] private CaseQueries Queries { get; set; } = default!;
    [Inject] private AfterSalesCases Cases { get; set; } = default!;
    [Inject] private Attachments AttachmentFiles { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private bool RefundRequired => CasePaths.EndsInRefund(_kind);

    /// <summary>The amount typed, in fen; null while it does not read as yuan with at most two decimals.</summary>
    private long? RefundFen =>
        string.IsNullOrWhiteSpace(_refund) ? 0
        : decimal.TryParse(_refund.Trim().TrimStart('¥', '￥'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan)
          && yuan * 100 == decimal.Truncate(yuan * 100) && yuan < 1_000_000
            ? (long)(yuan * 100)
            : null;

    protected override async Task OnParametersSetAsync()
    {
        _staff ??= (await AuthenticationState).User.Access();
        var opening = Visible && !_wasVisible;
        _wasVisible = Visible;
        if (opening)
        {
            Reset();
        }

        if (Visible && OrderId is { } id && _loadedFor != id)
        {
            await LoadAsync(id, null);
        }
    }

    private void Reset()
    {
        _order = null;
        _loadedFor = null;
        _error = null;
        _orderNo = null;
        _kind = CaseKind.ReturnAndRefund;
        _reason = null;
        _refund = null;
        _description = null;
        _picked.Clear();
        _uploaded.Clear();
    }

    private Task FindOrderAsync() =>
        string.IsNullOrWhiteSpace(_orderNo) ? Task.CompletedTask : LoadAsync(null, _orderNo);

    private async Task LoadAsync(Guid? orderId, string? orderNo)
    {
        _loading = true;
        _error = null;
        try
        {
            _order = await Queries.OrderForCaseAsync(_staff!, orderId, null, orderNo, ConversationId);
            _loadedFor = _order.Order.Id;
        }
        catch (KefuDeskException refused)
        {
            _order = null;
            _error = T[refused.Error.ResourceKey];
        }
        finally
        {
            _loading = false;
        }
    }

    private void Toggle(Guid attachmentId)
    {
        if (!_picked.Remove(attachmentId) && _picked.Count < AfterSalesCase.MaxEvidence)
        {
            _picked.Add(attachmentId);
        }
    }

    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        if (_order is null)
        {
            return;
        }

        _error = null;
        foreach (var file in e.GetMultipleFiles(AfterSalesCase.MaxEvidence).Take(AfterSalesCase.MaxEvidence - _picked.Count))
        {
            if (file.Size > AttachmentRules.MaxImageBytes)
            {
                _error = T["Error.attachment_too_large"];
                continue;
            }

            var temp = Path.GetTempFileName();
            try
            {
                await using (var target = File.Create(temp))
                {
                    await file.OpenReadStream(AttachmentRules.MaxImageBytes).CopyToAsync(target);
                }

                var info = await AttachmentFiles.UploadAsync(AttachmentParty.Staff(_staff!.AgentId, _staff.ShopIds), _order.ShopId, file.Name, file.Size,
                    () => File.OpenRead(temp), CancellationToken.None);
                if (!info.ContentType.StartsWith("image/", StringComparison.Ordinal))
                {
                    await AttachmentFiles.DiscardUnusedAsync(info.Id, CancellationToken.None);
                    _error = T["Error.case_evidence_invalid"];
                    continue;
                }

                _uploaded.Add(new EvidenceView(info.Id, info.FileName, "/api/attachments/" + info.Id));
                _picked.Add(info.Id);
            }
            catch (KefuDeskException refused)
            {
                _error = T[refused.Error.ResourceKey];
            }
            finally
            {
                File.Delete(temp);
            }
        }
    }

    private async Task SubmitAsync()
    {
        if (_order is null || _saving)
        {
            return;
        }

        if (RefundFen is not { } fen)
        {
            _error = T["AfterSales.New.AmountInvalid"];
            return;
        }

        if (RefundRequired && fen == 0)
        {
            _error = T["AfterSales.New.AmountRequired"];
            return;
        }

        if (_reason is null)
        {
            _error = T["AfterSales.New.ChooseReason"];
            return;
        }

        _saving = true;
        _error = null;
        try
        {
            var opened = await Cases.OpenAsync(_staff!, new NewCaseInput(_order.Order.Id, _kind, _reason, fen, _description, ConversationId, _picked.ToList()));
            await DiscardUnpickedAsync();
            _uploaded.Clear();
            _wasVisible = false;
            await VisibleChanged.InvokeAsync(false);
            await OnCreated.InvokeAsync(new OpenedCase(opened.Id, opened.CaseNo));
        }
        catch (KefuDeskException refused)
        {
            _error = CaseRefusals.Explain(refused, T);
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task CancelAsync()
    {
        await VisibleChangedAsync(false);
    }

    private async Task VisibleChangedAsync(bool visible)
    {
        if (!visible)
        {
            _picked.Clear();
            await DiscardUnpickedAsync();
            _wasVisible = false;
        }

        await VisibleChanged.InvokeAsync(visible);
    }

    /// <summary>A page left with the dialog open keeps none of its uploads.</summary>
    public async ValueTask DisposeAsync()
    {
        _picked.Clear();
        await DiscardUnpickedAsync();
    }

    /// <summary>Files uploaded here that the case did not take are not kept.</summary>
    private async Task DiscardUnpickedAsync()
    {
        foreach (var upload in _uploaded.Where(u => !_picked.Contains(u.AttachmentId)).ToList())
        {
            await AttachmentFiles.DiscardUnusedAsync(upload.AttachmentId, CancellationToken.None);
            _uploaded.Remove(upload);
        }
    }
}
