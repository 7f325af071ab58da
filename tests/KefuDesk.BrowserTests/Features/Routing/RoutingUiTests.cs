using KefuDesk.BrowserTests.Infrastructure;
using KefuDesk.Features.Demo;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KefuDesk.BrowserTests.Features.Routing;

/// <summary>Routing as people click it: an agent's status in the workspace, the supervisor's live board, the admin's routing settings.</summary>
public sealed class RoutingUiTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    /// <summary>The board reads again every 3 seconds: wait a few rounds, never a fixed time.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions BoardRounds = new() { Timeout = 15_000 };

    private static ILocator By(IPage page, string testId) => page.Locator($"[data-testid={testId}]");

    private static ILocator BoardRow(IPage page, string name) => page.Locator($"[data-testid=board-agent][data-agent='{name}']");

    [Fact]
    public async Task An_agent_switches_to_busy_and_back_to_online_in_the_workspace_header_and_the_board_shows_it()
    {
        await using var agentContext = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(agentContext, DemoAccounts.Agent.UserName, DemoAccounts.Agent.Password);
        await using var supervisorContext = await fx.NewContextAsync();
        var supervisor = await fx.SignInAsync(supervisorContext, DemoAccounts.Supervisor.UserName, DemoAccounts.Supervisor.Password);
        await By(supervisor, "nav-Board").ClickAsync();
        await supervisor.Locator("[data-testid=live-board][data-interactive=true]").WaitForAsync();

        // Opening the workspace brought the agent online.
        await Expect(By(agent, "my-status")).ToHaveAttributeAsync("data-status", "online");
        await Expect(By(agent, "my-load")).ToContainTextAsync("接待");
        await Expect(BoardRow(supervisor, DemoAccounts.Agent.DisplayName)).ToHaveAttributeAsync("data-status", "online", BoardRounds);

        await By(agent, "my-status-button").ClickAsync();
        await By(agent, "status-busy").ClickAsync();

        await Expect(By(agent, "my-status")).ToHaveAttributeAsync("data-status", "busy");
        await Expect(By(agent, "my-status-label")).ToHaveTextAsync("忙碌");
        await Expect(BoardRow(supervisor, DemoAccounts.Agent.DisplayName)).ToHaveAttributeAsync("data-status", "busy", BoardRounds);
        await Expect(BoardRow(supervisor, DemoAccounts.Agent.DisplayName).Locator("[data-testid=board-agent-status]")).ToHaveTextAsync("忙碌");
        await BrowserFixture.ScreenshotAsync(agent, "routing-status-busy");

        await By(agent, "my-status-button").ClickAsync();
        await By(agent, "status-online").ClickAsync();

        await Expect(By(agent, "my-status")).ToHaveAttributeAsync("data-status", "online");
        await Expect(BoardRow(supervisor, DemoAccounts.Agent.DisplayName)).ToHaveAttributeAsync("data-status", "online", BoardRounds);
        await BrowserFixture.ScreenshotAsync(supervisor, "routing-board");

        // Both changes are facts for attendance, chosen by the agent.
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        var agentId = await db.Users.Where(u => u.UserName == DemoAccounts.Agent.UserName).Select(u => u.Id).FirstAsync();
        var chosen = await db.AgentStatusChanges.Where(c => c.AgentId == agentId && c.Reason == StatusReason.Chosen).OrderBy(c => c.At).Select(c => c.To).ToListAsync();
        Assert.Equal([AgentStatus.Busy, AgentStatus.Online], chosen.TakeLast(2));
    }

    [Fact]
    public async Task An_agent_set_away_for_idleness_sees_it_and_is_back_online_at_the_first_mouse_move()
    {
        await using var context = await fx.NewContextAsync();
        var agent = await fx.SignInAsync(context, DemoAccounts.AfterSalesAgent.UserName, DemoAccounts.AfterSalesAgent.Password);
        await Expect(By(agent, "my-status")).ToHaveAttributeAsync("data-status", "online");

        // What the status sweep does after the idle time (15 minutes by default).
        var agentId = await AgentIdAsync(DemoAccounts.AfterSalesAgent.UserName);
        await fx.App.Services.GetRequiredService<AgentStatuses>().ChangeAsync(agentId, _ => AgentStatus.Away, StatusReason.Idle);

        // The selector reads the status again every 10 seconds.
        await Expect(By(agent, "my-status")).ToHaveAttributeAsync("data-status", "away", new() { Timeout = 25_000 });
        await Expect(By(agent, "my-status-label")).ToHaveTextAsync("离开");

        await agent.Mouse.MoveAsync(400, 300);
        await agent.Mouse.MoveAsync(420, 320);

        await Expect(By(agent, "my-status")).ToHaveAttributeAsync("data-status", "online");
        var seat = await fx.App.Services.GetRequiredService<AgentStatuses>().GetAsync(agentId);
        Assert.Equal((AgentStatus.Online, StatusReason.Returned), (seat.Status, seat.Reason));
    }

    [Fact]
    public async Task A_supervisor_changes_an_agents_reception_limit_on_the_board()
    {
        await using var context = await fx.NewContextAsync();
        var supervisor = await fx.SignInAsync(context, DemoAccounts.Supervisor.UserName, DemoAccounts.Supervisor.Password);
        await supervisor.GotoAsync(fx.Url("/supervisor/board"));
        await supervisor.Locator("[data-testid=live-board][data-interactive=true]").WaitForAsync();
        var row = BoardRow(supervisor, DemoAccounts.AfterSalesAgent.DisplayName);
        await Expect(row.Locator("[data-testid=board-agent-load]")).ToHaveTextAsync("0/10");

        await row.Locator("[data-testid=board-seat]").ClickAsync();
        await By(supervisor, "seat-form").WaitForAsync();
        await supervisor.Locator("[data-testid=seat-form] input[type=checkbox]").UncheckAsync();
        await supervisor.Locator("input[data-testid=seat-limit]").FillAsync("3");
        await supervisor.Locator("input[data-testid=seat-weight]").FillAsync("2");
        await By(supervisor, "seat-save").ClickAsync();

        await Expect(By(supervisor, "seat-form")).ToHaveCountAsync(0);
        await Expect(row.Locator("[data-testid=board-agent-load]")).ToHaveTextAsync("0/3");
        var agentId = await AgentIdAsync(DemoAccounts.AfterSalesAgent.UserName);
        var seat = await fx.App.Services.GetRequiredService<AgentStatuses>().GetAsync(agentId);
        Assert.Equal((3, false, 2), (seat.Limit, seat.LimitIsDefault, seat.Weight));
    }

    [Fact]
    public async Task An_admin_adds_a_group_with_a_member_and_an_entry_rule_and_finds_them_after_a_reload()
    {
        await using var context = await fx.NewContextAsync();
        var admin = await fx.SignInAsync(context, DemoAccounts.Admin.UserName, DemoAccounts.Admin.Password);
        await admin.GotoAsync(fx.Url("/admin/routing"));
        await admin.Locator("[data-testid=routing-settings][data-interactive=true]").WaitForAsync();
        await Expect(admin.Locator("[data-testid=group-row]")).ToHaveCountAsync(2); // the demo's 售前 and 售后

        // A VIP group served first by 小美.
        await By(admin, "group-add").ClickAsync();
        await admin.Locator("input[data-testid=group-name]").FillAsync("VIP 专属");
        await By(admin, "group-type").SelectOptionAsync("PreSales");
        await By(admin, "strategy-RoundRobin").CheckAsync();
        var member = admin.Locator($"[data-testid=group-member][data-agent='{DemoAccounts.Agent.DisplayName}']");
        await member.Locator("[data-testid=member-in]").CheckAsync();
        await member.Locator("[data-testid=member-priority]").FillAsync("1");
        await By(admin, "group-save").ClickAsync();
        var vip = admin.Locator("[data-testid=group-row][data-group='VIP 专属']");
        await Expect(vip).ToContainTextAsync("轮流分配");
        await Expect(vip.Locator("[data-testid=group-members-summary]")).ToHaveTextAsync($"{DemoAccounts.Agent.DisplayName}（优先 1）");

        // Buyers tagged VIP go there: one more rule after the demo's.
        var before = await admin.Locator("[data-testid=rule-row]").CountAsync();
        await By(admin, "rule-add").ClickAsync();
        await Expect(admin.Locator("[data-testid=rule-row]")).ToHaveCountAsync(before + 1); // the new row is there before it is filled in
        var rule = admin.Locator("[data-testid=rule-row]").Last;
        await rule.Locator("[data-testid=rule-condition]").SelectOptionAsync("CustomerTag");
        await rule.Locator("[data-testid=rule-value]").FillAsync("VIP");
        await rule.Locator("[data-testid=rule-group]").SelectOptionAsync(new SelectOptionValue { Label = "VIP 专属" });
        await By(admin, "rules-save").ClickAsync();
        await Expect(By(admin, "rules-save")).ToBeEnabledAsync();
        await Expect(admin.Locator("[data-testid=rules-error]")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(admin, "routing-settings");

        await admin.ReloadAsync();
        await admin.Locator("[data-testid=routing-settings][data-interactive=true]").WaitForAsync();
        await Expect(admin.Locator("[data-testid=group-row][data-group='VIP 专属'] [data-testid=group-members-summary]"))
            .ToHaveTextAsync($"{DemoAccounts.Agent.DisplayName}（优先 1）");
        var rows = admin.Locator("[data-testid=rule-row]");
        await Expect(rows).ToHaveCountAsync(before + 1);
        await Expect(rows.Last.Locator("[data-testid=rule-condition]")).ToHaveValueAsync("CustomerTag");
        await Expect(rows.Last.Locator("[data-testid=rule-value]")).ToHaveValueAsync("VIP");
        await Expect(rows.Last.Locator("[data-testid=rule-group] option:checked")).ToHaveTextAsync("VIP 专属");
    }

    private async Task<Guid> AgentIdAsync(string userName)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).FirstAsync();
    }
}
