using KefuDesk.Features.Identity;
using KefuDesk.Features.Shop;
using KefuDesk.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Infrastructure;

public sealed record TestShop(Guid Id, string WidgetKey);

public sealed record TestStaff(Guid Id, string UserName, string Password, string Nickname);

/// <summary>
/// The people and shops every test class starts with: an organisation with two shops, an admin,
/// a supervisor, two agents of the main shop and one agent of the other shop only.
/// </summary>
public sealed record TestWorld(
    TestShop Shop,
    TestShop OtherShop,
    TestStaff Admin,
    TestStaff Supervisor,
    TestStaff Agent,
    TestStaff Agent2,
    TestStaff OtherShopAgent,
    Guid CategoryId)
{
    /// <summary>A consultation record good enough to resolve with.</summary>
    public KefuDesk.Features.Conversations.ConsultationRecordInput Record(string summary = "已解答买家的问题", params string[] tags) =>
        new(CategoryId, summary, tags);

    public const string Password = "Test#Pass1";

    public static async Task<TestWorld> SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var setup = sp.GetRequiredService<StaffSetup>();
        var admin = await setup.CreateFirstAdminAsync(new FirstAdmin("测试公司", "测试旗舰店", "admin", "管理员", Password));

        var db = sp.GetRequiredService<KefuDeskDbContext>();
        var users = sp.GetRequiredService<UserManager<Agent>>();
        var shop = db.Shops.Single(s => s.OrganisationId == admin.OrganisationId);
        var other = new Shop(Guid.CreateVersion7(), admin.OrganisationId, "测试京东店", "other-" + Guid.NewGuid().ToString("N")[..8], "jd", DateTime.UtcNow);
        db.Shops.Add(other);
        await db.SaveChangesAsync();

        async Task<TestStaff> Staff(string userName, string nickname, string role, params Guid[] shops)
        {
            var agent = new Agent(Guid.CreateVersion7(), admin.OrganisationId, userName, nickname + "(全名)", nickname, DateTime.UtcNow);
            foreach (var s in shops)
            {
                agent.Serve(s);
            }

            var created = await users.CreateAsync(agent, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(agent, role);
            return new TestStaff(agent.Id, userName, Password, nickname);
        }

        return new TestWorld(
            new TestShop(shop.Id, shop.WidgetKey),
            new TestShop(other.Id, other.WidgetKey),
            new TestStaff(admin.Id, "admin", Password, admin.Nickname),
            await Staff("supervisor", "主管", StaffRoles.Supervisor, shop.Id, other.Id),
            await Staff("agent1", "小美", StaffRoles.Agent, shop.Id),
            await Staff("agent2", "小丽", StaffRoles.Agent, shop.Id),
            await Staff("jdagent", "京东客服", StaffRoles.Agent, other.Id),
            db.ConsultationCategories.First(c => c.OrganisationId == admin.OrganisationId && c.ParentId != null).Id);
    }
}
