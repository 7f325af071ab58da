using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>
/// 登记投诉: records a complaint. Given a conversation, an order or a customer (the workspace's
/// buyer), the buyer is known; without, the agent finds them by order number or by name or phone.
/// Open it with <c>@bind-Visible</c>; <see cref="OnCreated"/> gets the new complaint's id.
/// </summary>
public sealed partial class NewComplaintDialog
{
    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true };

    private StaffAccess? _staff;
    private bool _ready;
    private bool _saving;
    private bool _wasVisible;
    private IReadOnlyList<(Guid Id, string Name)> _shops = [];
    private Guid _shopId;
    private Guid? _fixedShop;
    private (Guid Id, string Name)? _buyer;
    private IReadOnlyList<(string OrderNo, DateTime CreatedAt)> _orders = [];
    private string _orderNo = "";
    private string _query = "";
    private IReadOnlyList<CustomerRow>? _found;
    private ComplaintSource _source = ComplaintSource.Buyer;
    private ComplaintSeverity _severity = ComplaintSeverity.Normal;
    private ComplaintCategory _category = ComplaintCategory.Quality;
    private string _subject = "";
    private string _description = "";
    private IReadOnlyList<TeamMate> _team = [];
    private Guid _ownerId;
    private string? _error;

    /// <summary>The buyer, when the caller knows them (the workspace's customer panel).</summary>
    [Parameter] public Guid? CustomerId { get; set; }

    /// <summary>The order the complaint is about, if any; its buyer and shop are the complaint's.</summary>
    [Parameter] public Guid? OrderId { get; set; }

    /// <summary>The conversation the buyer complained in, if any; its buyer and shop are the complaint's.</summary>
    [Parameter] public Guid? ConversationId { get; set; }

    /// <summary>The shop, when neither an order nor a conversation says it.</summary>
    [Parameter] public Guid? ShopId { get; set; }

    [Parameter] public bool Visible { get; set; }

    [Parameter] public EventCallback<bool> VisibleChanged { get; set; }

    [Parameter] public EventCallback<Guid> OnCreated { get; set; }

    [Inject] private ComplaintDesk Desk { get; set; } = default!;
    [Inject] private CustomerDirectory Directory { get; set; } = default!;
    [Inject] private IDbContextFactory<KefuDeskDbContext> DbFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>A regulator's complaint is high-risk by rule; the form shows it so.</summary>
    private ComplaintSeverity Severity => ComplaintRules.SeverityFor(_source, _severity);

    protected override async Task OnParametersSetAsync()
    {
        if (Visible && !_wasVisible)
        {
            await StartAsync();
        }

        _wasVisible = Visible;
    }

    /// <summary>A fresh form each time it opens, with what the caller knows filled in.</summary>
    private async Task StartAsync()
    {
        _ready = false;
        var user = (await AuthenticationState).User;
        _staff = user.Access();
        (_source, _severity, _category, _subject, _description, _error, _found, _query, _orderNo) =
            (ComplaintSource.Buyer, ComplaintSeverity.Normal, ComplaintCategory.Quality, "", "", null, null, "", "");
        _buyer = null;
        _orders = [];
        await using var db = await DbFactory.CreateDbContextAsync();
        _shops = await db.ServedShopsAsync(_staff!);
        _fixedShop = ShopId;
        Guid? customerId = CustomerId;
        if (ConversationId is { } conversationId
            && await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).Select(c => new { c.ShopId, c.CustomerId }).FirstOrDefaultAsync() is { } c)
        {
            (_fixedShop, customerId) = (c.ShopId, customerId ?? c.CustomerId);
        }

        if (OrderId is { } orderId
            && await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => new { o.ShopId, o.CustomerId, o.OrderNo }).FirstOrDefaultAsync() is { } o)
        {
            (_fixedShop, customerId, _orderNo) = (o.ShopId, customerId ?? o.CustomerId, o.OrderNo);
        }

        _shopId = _fixedShop ?? _shops.FirstOrDefault().Id;
        if (customerId is { } id)
        {
            await ShowBuyerAsync(db, id);
        }

        await LoadTeamAsync(db);
        _ready = true;
    }

    private async Task ShowBuyerAsync(KefuDeskDbContext db, Guid customerId)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).VisibleTo(db, _staff!)
            .Select(c => new { c.Id, c.DisplayName }).FirstOrDefaultAsync();
        if (customer is null)
        {
            return;
        }

        _buyer = (customer.Id, customer.DisplayName ?? T["Customer.Visitor", Customer.CodeFor(customer.Id)]);
        _orders = (await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id && o.ShopId == _shopId).OrderByDescending(o => o.CreatedAt)
                .Take(20).Select(o => new { o.OrderNo, o.CreatedAt }).ToListAsync())
            .Select(o => (o.OrderNo, o.CreatedAt)).ToList();
    }

    private async Task LoadTeamAsync(KefuDeskDbContext db)
    {
        _team = _staff?.MaySupervise == true ? await ShopTeam.OfShopAsync(db, _shopId) : [];
        _ownerId = _staff!.AgentId;
    }

    private async Task ShopChangedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        if (_buyer is { } buyer)
        {
            await ShowBuyerAsync(db, buyer.Id);
        }

        await LoadTeamAsync(db);
    }

    private async Task SearchOnEnterAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await SearchAsync();
        }
    }

    private async Task SearchAsync()
    {
        _error = null;
        if (_query.Trim().Length < 2)
        {
            _error = T["Complaints.New.SearchTooShort"];
            return;
        }

        _found = await Directory.SearchAsync(_staff!, _query, fullPersonalData: false, 0, 8);
    }

    private async Task PickAsync(CustomerRow customer)
    {
        _found = null;
        await using var db = await DbFactory.CreateDbContextAsync();
        await ShowBuyerAsync(db, customer.Id);
        _orderNo = _orders.Count == 1 ? _orders[0].OrderNo : "";
    }

    private void ClearBuyer()
    {
        _buyer = null;
        _orders = [];
        _orderNo = "";
    }

    private async Task SaveAsync()
    {
        _error = _buyer is null && string.IsNullOrWhiteSpace(_orderNo) ? T["Complaint.Check.Buyer"].Value
            : string.IsNullOrWhiteSpace(_subject) ? T["Complaint.Check.Subject"].Value
            : string.IsNullOrWhiteSpace(_description) ? T["Complaint.Check.Description"].Value
            : null;
        if (_error is not null || _staff is null)
        {
            return;
        }

        _saving = true;
        try
        {
            var input = new ComplaintInput(_shopId, _source.ToString(), Severity.ToString(), _category.ToString(), _subject, _description,
                CustomerId: _buyer?.Id, OrderId: OrderId, OrderNo: string.IsNullOrWhiteSpace(_orderNo) ? null : _orderNo.Trim(), ConversationId: ConversationId,
                OwnerId: _staff.MaySupervise && _ownerId != Guid.Empty ? _ownerId : null);
            var id = await Desk.RecordAsync(_staff, input);
            Snackbar.Add(T[Severity == ComplaintSeverity.HighRisk ? "Complaints.New.SavedEscalated" : "Complaints.New.Saved"],
                Severity == ComplaintSeverity.HighRisk ? MudBlazor.Severity.Warning : MudBlazor.Severity.Success);
            await VisibleChanged.InvokeAsync(false);
            await OnCreated.InvokeAsync(id);
        }
        catch (KefuDeskException refused)
        {
            _error = refused.Detail ?? T[refused.Error.ResourceKey].Value;
        }
        finally
        {
            _saving = false;
        }
    }

    private Task CloseAsync() => VisibleChanged.InvokeAsync(false);
}
