using KefuDesk.Components;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace KefuDesk.Features.Shop.Orders.Panel;

/// <summary>
/// The buyer's orders beside the chat: the latest first, more on demand (a loyal buyer has
/// hundreds), one opened at a time with its details and the actions its state and the agent's
/// role allow.
/// </summary>
public partial class BuyerOrders
{
    private const int PageSize = CustomerProfiles.RecentOrders;

    [Parameter, EditorRequired] public StaffAccess Staff { get; set; } = default!;
    [Parameter, EditorRequired] public Guid CustomerId { get; set; }
    [Parameter, EditorRequired] public Guid ShopId { get; set; }
    [Parameter] public Guid? ConversationId { get; set; }
    [Parameter] public IReadOnlyList<OrderSnapshot> Orders { get; set; } = [];
    [Parameter] public int OrderCount { get; set; }
    [Parameter] public DateTime Now { get; set; }
    [Parameter] public EventCallback<OrderSnapshot> OnSendOrder { get; set; }

    /// <summary>More buttons under an opened order (after-sales, complaints), from other features.</summary>
    [Parameter] public RenderFragment<OrderDetails>? Extra { get; set; }

    [Inject] private OrderQueries Queries { get; set; } = default!;
    [Inject] private OrderActions Actions { get; set; } = default!;
    [Inject] private PaymentReminders Reminders { get; set; } = default!;
    [Inject] private ShippingLabels Labels { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;

    private List<OrderSnapshot> _orders = [];
    private IReadOnlyList<OrderSnapshot>? _shown;
    private OrderSnapshot? _open;
    private OrderDetails? _details;
    private string? _action;
    private string? _error;
    private bool _busy;
    private IReadOnlyList<ReminderTemplateView> _templates = [];
    private string? _reveal;

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(_shown, Orders))
        {
            // Another buyer (or the same one refreshed): start again from the latest orders.
            _shown = Orders;
            _orders = [.. Orders];
            _open = null;
            _details = null;
            _action = null;
        }
    }

    private async Task ToggleAsync(OrderSnapshot order)
    {
        if (_open?.Id == order.Id)
        {
            (_open, _details, _action) = (null, null, null);
            return;
        }

        (_open, _details, _action, _error) = (order, null, null, null);
        await GuardAsync(async () => _details = await Queries.DetailsAsync(Staff, order.Id));
    }

    /// <summary>An order number clicked in the chat: that order opens here, fetched if the list had not reached it.</summary>
    public async Task OpenAsync(Guid orderId)
    {
        var order = _orders.FirstOrDefault(o => o.Id == orderId);
        if (order is null && await Queries.BuyerOrderAsync(Staff, CustomerId, ShopId, orderId) is { } found)
        {
            _orders.Insert(0, order = found);
        }

        if (order is not null && _open?.Id != order.Id)
        {
            await ToggleAsync(order);
        }

        _reveal = order?.OrderNo;
        StateHasChanged();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_reveal is { } orderNo)
        {
            _reveal = null;
            await Js.InvokeVoidAsync("kefudesk.reveal", $"[data-testid=order][data-order-no='{orderNo}']");
        }
    }

    private async Task LoadMoreAsync()
    {
        await GuardAsync(async () =>
        {
            var page = await Queries.BuyerOrdersAsync(Staff, CustomerId, ShopId, _orders.Count / PageSize + 1, PageSize);
            _orders.AddRange(page.Orders.Where(o => _orders.All(known => known.Id != o.Id)));
        });
    }

    private async Task ChooseAsync(string action)
    {
        (_action, _error) = (action, null);
        if (action == OrderActionNames.Remind && _templates.Count == 0)
        {
            await GuardAsync(async () => _templates = await Reminders.TemplatesAsync(Staff, ShopId));
        }
    }

    private async Task SubmitAsync(OrderForm form)
    {
        if (_details is not { } d)
        {
            return;
        }

        await GuardAsync(async () =>
        {
            switch (_action)
            {
                case OrderActionNames.Address:
                    Done(await Actions.ChangeAddressAsync(Staff, d.Id, new AddressInput(form.ReceiverName, form.ReceiverPhone, form.Address)), "Orders.Done.Address");
                    break;
                case OrderActionNames.Remark:
                    Done(await Actions.ChangeRemarkAsync(Staff, d.Id, new RemarkInput(form.Remark)), "Orders.Done.Remark");
                    break;
                case OrderActionNames.Cancel:
                    Done(await Actions.CancelAsync(Staff, d.Id, new CancelInput(form.Reason)), "Orders.Done.Cancel");
                    break;
                case OrderActionNames.Ship:
                    Done(await Actions.MarkShippedAsync(Staff, d.Id, new ShipInput(form.Carrier, form.TrackingNo)), "Orders.Done.Ship");
                    break;
                case OrderActionNames.AdjustPrice:
                    var price = await Actions.AdjustPriceAsync(Staff, d.Id, new PriceInput(Display.Fen(form.NewTotal) ?? 0, form.Reason, ConversationId));
                    Done(price.Order, price.Applied ? "Orders.Done.Price" : "Orders.Done.PriceWaiting");
                    break;
                case OrderActionNames.Remind when ConversationId is { } conversation:
                    var sent = await Reminders.RemindAsync(Staff, d.Id, new RemindInput(conversation, form.TemplateId));
                    Done(sent.Order, "Orders.Done.Remind");
                    break;
                case OrderActionNames.Label:
                    var batch = await Labels.PrintAsync(Staff, new PrintInput([d.Id], form.LabelFormat));
                    await Js.InvokeVoidAsync("open", $"/orders/labels/{batch}", "_blank");
                    Done(await Queries.DetailsAsync(Staff, d.Id), "Orders.Done.Label");
                    break;
            }
        });
    }

    private void Done(OrderDetails details, string message)
    {
        _details = details;
        _action = null;
        var index = _orders.FindIndex(o => o.Id == details.Id);
        if (index >= 0)
        {
            _orders[index] = _open = _orders[index] with
            {
                Status = details.Status,
                TotalFen = details.TotalFen,
                ReceiverName = details.ReceiverName,
                ReceiverPhone = details.ReceiverPhone,
                Address = details.Address,
            };
        }

        Snackbar.Add(T[message], Severity.Success);
    }

    private async Task GuardAsync(Func<Task> work)
    {
        _busy = true;
        _error = null;
        try
        {
            await work();
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
}
