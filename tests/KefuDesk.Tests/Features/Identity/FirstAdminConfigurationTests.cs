using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Identity;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.Identity;

/// <summary>An unattended install takes its first administrator from configuration.</summary>
public sealed class FirstAdminConfigurationTests
{
    [Fact]
    public async Task The_configured_first_admin_is_created_once_and_can_sign_in()
    {
        await using var database = new SqliteTestDatabase();
        var settings = new Dictionary<string, string?>
        {
            ["KefuDesk:FirstAdmin:UserName"] = "owner",
            ["KefuDesk:FirstAdmin:Password"] = "Owner#Pass1",
            ["KefuDesk:FirstAdmin:OrganisationName"] = "配置公司",
            ["KefuDesk:FirstAdmin:ShopName"] = "配置旗舰店",
        };
        await using (var app = new KefuDeskApp(database, settings: settings))
        {
            var (http, _) = Clients.Http(app);
            var signIn = await http.PostAsJsonAsync("/api/auth/sign-in", new { userName = "owner", password = "Owner#Pass1" });
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            var me = (await signIn.Content.ReadFromJsonAsync<StaffMe>(Json.Options))!;
            Assert.Equal([StaffRoles.Admin], me.Roles);
            Assert.Single(me.ShopIds);
            Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/setup")).StatusCode);
        }

        // A restart with the same configuration finds the admin and adds nobody.
        await using var again = new KefuDeskApp(database, settings: settings);
        await using var admin = await StaffClient.SignInAsync(again, new TestStaff(Guid.Empty, "owner", "Owner#Pass1", ""));
        var team = await admin.Http.GetFromJsonAsync<List<KefuDesk.Features.Admin.AgentRow>>("/api/agents", Json.Options);
        Assert.Single(team!);
    }
}
