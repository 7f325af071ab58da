using KefuDesk.Features.Identity;
using MudBlazor;

namespace KefuDesk.Components.Layout;

/// <summary>
/// The product's areas, as on ROADMAP.md. Built says whether the area has real pages yet; Policy,
/// when set, hides the area from staff who may not open it.
/// </summary>
public sealed record Area(string Key, string Path, string Icon, bool Built, string? Policy = null)
{
    public static readonly Area[] All =
    [
        new("Workspace", "/workspace", Icons.Material.Filled.Forum, true),
        new("Conversations", "/conversations", Icons.Material.Filled.History, true),
        new("Board", "/supervisor/board", Icons.Material.Filled.MonitorHeart, true, StaffPolicies.Supervisor),
        new("Orders", "/orders", Icons.Material.Filled.ReceiptLong, true),
        new("AfterSales", "/after-sales", Icons.Material.Filled.AssignmentReturn, true),
        new("Customers", "/customers", Icons.Material.Filled.People, false),
        new("Knowledge", "/knowledge", Icons.Material.Filled.MenuBook, false),
        new("Quality", "/quality", Icons.Material.Filled.FactCheck, false),
        new("Reports", "/reports", Icons.Material.Filled.Insights, false),
        new("Workforce", "/workforce", Icons.Material.Filled.CalendarMonth, false),
        new("Training", "/training", Icons.Material.Filled.School, false),
        new("Admin", "/admin", Icons.Material.Filled.Settings, true, StaffPolicies.Admin),
    ];
}
