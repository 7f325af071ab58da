using KefuDesk.Features.Identity;

namespace KefuDesk.Features.Demo;

/// <summary>The demo sign-ins, as documented in the README. Only created in demo mode.</summary>
public static class DemoAccounts
{
    public sealed record Account(string UserName, string Password, string DisplayName, string Nickname, string Role, string Description);

    public const string ShopKey = "demo";
    public const string SecondShopKey = "demo-jd";

    public static readonly Account Admin = new("admin", "Admin#2026", "林晓", "林晓", StaffRoles.Admin, "店长 (admin)");
    public static readonly Account Supervisor = new("wangfang", "Super#2026", "王芳", "芳芳", StaffRoles.Supervisor, "客服主管 (supervisor)");
    public static readonly Account Agent = new("xiaomei", "Agent#2026", "李小美", "小美", StaffRoles.Agent, "售前客服 (agent)");
    public static readonly Account AfterSalesAgent = new("ajie", "Agent#2026", "张杰", "阿杰", StaffRoles.Agent, "售后客服 (agent)");

    public static readonly Account[] All = [Admin, Supervisor, Agent, AfterSalesAgent];
}
