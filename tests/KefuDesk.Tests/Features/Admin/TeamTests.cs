using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Admin;
using KefuDesk.Features.Audit;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Admin;

/// <summary>
/// The owner runs the team through the API the 店铺与团队 page uses: add, change, disable and enable,
/// reset a password; every change audited, every bad input refused whole, and only admins may.
/// </summary>
public abstract class TeamTests(AppFixture fx)
{
    private const string FirstPassword = "First#Pass1";

    [Fact]
    public async Task An_admin_adds_and_changes_a_member_with_groups_and_limit_and_a_bad_input_changes_nothing()
    {
        var group = await GroupAsync(fx.World.Shop.Id, "售前组");
        var otherGroup = await GroupAsync(fx.World.OtherShop.Id, "京东售后");
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var userName = $"xiaoyu-{fx.Provider}".ToLowerInvariant();

        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new CreateAgentRequest(userName, "王小雨", "小雨", FirstPassword, StaffRoles.Agent, [fx.World.Shop.Id], [group], 6), Json.Options);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var row = (await created.Content.ReadFromJsonAsync<AgentRow>(Json.Options))!;
        Assert.Equal(("王小雨", "小雨", StaffRoles.Agent, 6), (row.DisplayName, row.Nickname, row.Role, row.ReceptionLimit));
        Assert.Equal([group], row.GroupIds);
        Assert.Equal(6, (await SeatAsync(row.Id))!.ReceptionLimit);

        // A group of a shop the member does not serve, a limit out of range, a taken name: refused, nothing written.
        var path = $"/api/agents/{row.Id}";
        await (await admin.Http.PutAsJsonAsync(path,
                new ChangeAgentRequest("王小雨", "小雨", StaffRoles.Supervisor, [fx.World.Shop.Id], [otherGroup], 6), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "staff_group_invalid");
        await (await admin.Http.PutAsJsonAsync(path,
                new ChangeAgentRequest("王小雨", "小雨", StaffRoles.Supervisor, [fx.World.Shop.Id], [group], 500), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "reception_limit_invalid");
        await (await admin.Http.PutAsJsonAsync(path,
                new ChangeAgentRequest("", "小雨", StaffRoles.Agent, [fx.World.Shop.Id], [], null), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "agent_invalid");
        await (await admin.Http.PostAsJsonAsync("/api/agents",
                new CreateAgentRequest(userName, "重名", null, FirstPassword, StaffRoles.Agent, [fx.World.Shop.Id]), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "user_name_taken");
        var unchanged = await MemberAsync(row.Id);
        Assert.Equal((StaffRoles.Agent, 6, 1), (unchanged.Role, unchanged.ReceptionLimit, unchanged.GroupIds.Count));

        // The real change: a supervisor of both shops, in the JD group instead, default limit, a new nickname.
        var changed = await admin.Http.PutAsJsonAsync(path,
            new ChangeAgentRequest("王小雨", "雨儿", StaffRoles.Supervisor, [fx.World.Shop.Id, fx.World.OtherShop.Id], [otherGroup], null), Json.Options);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = await MemberAsync(row.Id);
        Assert.Equal(("雨儿", StaffRoles.Supervisor, (int?)null), (after.Nickname, after.Role, after.ReceptionLimit));
        Assert.Equal([otherGroup], after.GroupIds);
        Assert.Equal(2, after.ShopIds.Count);

        // Dropping the JD shop drops its group too (a group is only ever of a shop the member serves).
        await (await admin.Http.PutAsJsonAsync(path,
                new ChangeAgentRequest("王小雨", "雨儿", StaffRoles.Supervisor, [fx.World.Shop.Id], [otherGroup], null), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "staff_group_invalid");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync(path,
            new ChangeAgentRequest("王小雨", "雨儿", StaffRoles.Supervisor, [fx.World.Shop.Id], [], null), Json.Options)).StatusCode);
        Assert.Empty((await MemberAsync(row.Id)).GroupIds);

        var audit = await AuditOfAsync(row.Id);
        Assert.Equal([TeamAdmin.AddedAction, TeamAdmin.ChangedAction, TeamAdmin.ChangedAction], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(fx.World.Admin.Id, a.ActorId));
        Assert.Contains("\"role\":\"Agent\"", audit[1].Before);
        Assert.Contains("\"role\":\"Supervisor\"", audit[1].After);
        Assert.Contains("雨儿", audit[1].After);

        // The new role is the member's at the next sign-in.
        await using var member = await fx.SignInAsync(new TestStaff(row.Id, userName, FirstPassword, "雨儿"));
        Assert.Contains(StaffRoles.Supervisor, member.Me.Roles);
    }

    [Fact]
    public async Task Only_admins_run_the_team()
    {
        var target = fx.World.Agent2.Id;
        foreach (var staff in new[] { fx.World.Supervisor, fx.World.Agent })
        {
            await using var client = await fx.SignInAsync(staff);
            await (await client.Http.PutAsJsonAsync($"/api/agents/{target}",
                new ChangeAgentRequest("x", "x", StaffRoles.Admin, [], [], null), Json.Options)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await client.Http.PostAsync($"/api/agents/{target}/disable", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await client.Http.PostAsync($"/api/agents/{target}/reset-password", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.Empty(await AuditOfAsync(target));
        Assert.False((await MemberAsync(target)).Disabled);
    }

    [Fact]
    public async Task A_disabled_member_cannot_sign_in_takes_nobody_and_is_back_when_enabled_and_the_last_admin_stays()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var member = await AddAsync(admin, "leaver");
        using var atWork = await fx.AtWorkAsync(member);
        Assert.Equal(AgentStatus.Online, (await SeatAsync(member.Id))!.Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync($"/api/agents/{member.Id}/disable", null)).StatusCode);
        Assert.True((await MemberAsync(member.Id)).Disabled);
        Assert.Equal(AgentStatus.Offline, (await SeatAsync(member.Id))!.Status);

        // The right password is told the account is off; a wrong one learns nothing.
        var (http, _) = Clients.Http(fx.App);
        await (await SignInAsync(http, member.UserName, member.Password)).AssertProblemAsync(HttpStatusCode.Forbidden, "account_disabled");
        await (await SignInAsync(http, member.UserName, "Wrong#Pass1")).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");

        // Nobody switches themselves off, and the last enabled admin is neither disabled nor demoted.
        await (await admin.Http.PostAsync($"/api/agents/{fx.World.Admin.Id}/disable", null)).AssertProblemAsync(HttpStatusCode.Conflict, "staff_self");
        await (await admin.Http.PutAsJsonAsync($"/api/agents/{fx.World.Admin.Id}",
                new ChangeAgentRequest("管理员", "管理员", StaffRoles.Supervisor, [], [], null), Json.Options))
            .AssertProblemAsync(HttpStatusCode.Conflict, "staff_last_admin");
        Assert.Equal(StaffRoles.Admin, (await MemberAsync(fx.World.Admin.Id)).Role);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync($"/api/agents/{member.Id}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(http, member.UserName, member.Password)).StatusCode);
        Assert.Equal([TeamAdmin.AddedAction, TeamAdmin.DisabledAction, TeamAdmin.EnabledAction], (await AuditOfAsync(member.Id)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_reset_password_is_shown_once_and_the_member_chooses_a_new_one_before_anything_else()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var member = await AddAsync(admin, "forgetful");
        var reset = await admin.Http.PostAsync($"/api/agents/{member.Id}/reset-password", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var oneTime = (await reset.Content.ReadFromJsonAsync<PasswordResetResult>(Json.Options))!.OneTimePassword;
        Assert.Equal(10, oneTime.Length);
        Assert.True((await MemberAsync(member.Id)).PasswordChangeRequired);

        var (http, _) = Clients.Http(fx.App);
        await (await SignInAsync(http, member.UserName, member.Password)).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
        await (await SignInAsync(http, member.UserName, oneTime)).AssertProblemAsync(HttpStatusCode.Forbidden, "password_change_required");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/auth/me")).StatusCode);

        await (await ChooseAsync(http, member.UserName, oneTime, oneTime)).AssertProblemAsync(HttpStatusCode.BadRequest, "password_unchanged");
        await (await ChooseAsync(http, member.UserName, oneTime, "short")).AssertProblemAsync(HttpStatusCode.BadRequest, "password_weak");
        await (await ChooseAsync(http, member.UserName, "Wrong#Pass1", "Mine#Pass22")).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
        Assert.True((await MemberAsync(member.Id)).PasswordChangeRequired);

        Assert.Equal(HttpStatusCode.OK, (await ChooseAsync(http, member.UserName, oneTime, "Mine#Pass22")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/auth/me")).StatusCode);
        Assert.False((await MemberAsync(member.Id)).PasswordChangeRequired);
        var (again, _) = Clients.Http(fx.App);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(again, member.UserName, "Mine#Pass22")).StatusCode);

        // On the record, without the password.
        var entry = (await AuditOfAsync(member.Id)).Last();
        Assert.Equal(TeamAdmin.PasswordResetAction, entry.Action);
        Assert.DoesNotContain(oneTime, entry.Before + entry.After + entry.Note);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient http, string userName, string password) =>
        http.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });

    private static Task<HttpResponseMessage> ChooseAsync(HttpClient http, string userName, string current, string next) =>
        http.PostAsJsonAsync("/api/auth/password", new ChoosePasswordRequest(userName, current, next));

    private async Task<TestStaff> AddAsync(StaffClient admin, string name)
    {
        var userName = $"{name}-{fx.Provider}".ToLowerInvariant();
        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new CreateAgentRequest(userName, "测试成员", "小测", FirstPassword, StaffRoles.Agent, [fx.World.Shop.Id]), Json.Options);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var row = (await created.Content.ReadFromJsonAsync<AgentRow>(Json.Options))!;
        return new TestStaff(row.Id, userName, FirstPassword, "小测");
    }

    private async Task<Guid> GroupAsync(Guid shopId, string name)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        var group = new KefuDesk.Features.Routing.SkillGroup(Guid.CreateVersion7(), shopId, name, null);
        db.SkillGroups.Add(group);
        await db.SaveChangesAsync();
        return group.Id;
    }

    private Task<TeamMember> MemberAsync(Guid id) =>
        fx.App.Services.GetRequiredService<TeamQueries>().MemberAsync(OrganisationId(), id);

    private Guid OrganisationId()
    {
        using var scope = fx.App.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>().Shops.Where(s => s.Id == fx.World.Shop.Id).Select(s => s.OrganisationId).First();
    }

    private async Task<AgentSeat?> SeatAsync(Guid id)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>().AgentSeats.AsNoTracking().FirstOrDefaultAsync(s => s.AgentId == id);
    }

    private async Task<List<AuditEntry>> AuditOfAsync(Guid id)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        return (await db.AuditEntries.AsNoTracking().Where(e => e.SubjectId == id).ToListAsync()).OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
    }
}

public sealed class TeamTests_Sqlite(SqliteApp fx) : TeamTests(fx), IClassFixture<SqliteApp>;

public sealed class TeamTests_Postgres(PostgresApp fx) : TeamTests(fx), IClassFixture<PostgresApp>;
