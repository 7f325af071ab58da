using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace KefuDesk.Features.Shop.Orders.Pages;

/// <summary>
/// 批量打印面单: orders ticked on the list (across pages and filters, up to a batch's 200) are
/// printed as one batch, recorded with who printed them, and the printable page opens beside the list.
/// </summary>
public sealed partial class OrdersPage
{
    [Inject] private ShippingLabels Labels { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;

    private readonly Dictionary<Guid, string> _ticked = []; // order id → order no, in the order ticked
    private LabelFormat _labelFormat = LabelFormat.Thermal;
    private string? _labelError;
    private bool _printing;

    private IEnumerable<OrderListRow> Printable => _page?.Items.Where(o => Order.LabelPrintable(o.Status)) ?? [];

    private bool AllOnPageTicked => Printable.Any() && Printable.All(o => _ticked.ContainsKey(o.Id));

    private void Tick(OrderListRow order, bool on)
    {
        _labelError = null;
        if (!on)
        {
            _ticked.Remove(order.Id);
        }
        else if (_ticked.Count >= ShippingLabels.MaxBatch)
        {
            _labelError = Text["Orders.Labels.TooMany", ShippingLabels.MaxBatch];
        }
        else
        {
            _ticked[order.Id] = order.OrderNo;
        }
    }

    private void TickPage(bool on)
    {
        foreach (var order in Printable.ToList())
        {
            if (on != _ticked.ContainsKey(order.Id))
            {
                Tick(order, on);
            }
        }
    }

    private void ClearTicked()
    {
        _ticked.Clear();
        _labelError = null;
    }

    private async Task PrintLabelsAsync()
    {
        if (_printing || _ticked.Count == 0)
        {
            return;
        }

        (_printing, _labelError) = (true, null);
        try
        {
            var batch = await Labels.PrintAsync(_staff, new PrintInput([.. _ticked.Keys], _labelFormat));
            _ticked.Clear();
            await Js.InvokeVoidAsync("open", $"/orders/labels/{batch}", "_blank");
        }
        catch (KefuDeskException refused)
        {
            // An order ticked earlier may have been closed or refunded since: say which, print nothing.
            _labelError = refused.Error == OrderErrors.NotAllowedInState && refused.Detail is { Length: > 0 } detail
                ? Text["Orders.Labels.NotPrintable", detail.Split(':')[0]]
                : Text[refused.Error.ResourceKey];
        }
        finally
        {
            _printing = false;
        }
    }
}
