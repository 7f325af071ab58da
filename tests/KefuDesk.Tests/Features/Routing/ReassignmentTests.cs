using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Routing.Admin;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Tests.Features.Routing;

/// <summary>转移全部会话: a supervisor moves an agent's open conversations at once (the API and the live board share it).</summary>
public abstract class ReassignmentTests(AppFixture fx) : IDisposable
{
    private readonly RoutingScenario _s = new(fx);

    public void Dispose() => _s.Dispose();

    private async Task<List<Guid>> ClaimedAsync(TestStaff agent, string widgetKey, int count)
    {
        await using var client = await fx.SignInAsync(agent);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = await _s.BuyerWritesAsync(widgetKey, $"在吗 {i}");
            (await client.Http.PostAsync($"/api/conversations/{id}/claim", null)).EnsureSuccessStatusCode();
            ids.Add(id);
        }

        return ids;
    }

    private Task<int> LoadAsync(TestStaff agent) => _s.InDbAsync(db => db.Conversations.CountAsync(c => c.AssigneeId == agent.Id
        && (c.Status == ConversationStatus.Open || c.Status == ConversationStatus.Pending)));

    [Fact]
    public async Task All_of_an_agents_chats_move_to_a_colleague_up_to_their_limit_and_the_rest_when_forced()
    {
        var (shop, key) = await _s.NewShopAsync();
        var leaving = await _s.NewAgentAsync(shop, "甲");
        var colleague = await _s.NewAgentAsync(shop, "乙");
        await _s.OnlineAsync(colleague); // at the desk: a colleague away would be refused
        await ClaimedAsync(leaving, key, 3);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        (await supervisor.Http.PutAsJsonAsync($"/api/routing/agents/{colleague.Id}/seat", new SeatInput(2), Json.Options)).EnsureSuccessStatusCode();

        var first = await (await supervisor.Http.PostAsJsonAsync("/api/routing/reassign", new ReassignInput(leaving.Id, colleague.Id, null, null), Json.Options))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ReassignResult>(Json.Options);

        Assert.Equal((2, 1), (first!.Moved, first.Refused.Count));
        Assert.Equal((1, 2), (await LoadAsync(leaving), await LoadAsync(colleague)));

        var forced = await (await supervisor.Http.PostAsJsonAsync("/api/routing/reassign", new ReassignInput(leaving.Id, colleague.Id, null, null, Force: true),
            Json.Options)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ReassignResult>(Json.Options);

        Assert.Equal((1, 0), (forced!.Moved, forced.Refused.Count));
        Assert.Equal((0, 3), (await LoadAsync(leaving), await LoadAsync(colleague)));
        var told = (await _s.MessagesAsync(first.Refused[0])).Last();
        Assert.Equal(SenderKind.System, told.Sender);
    }

    [Fact]
    public async Task Chats_moved_to_a_group_queue_there_and_only_the_listed_ones_move()
    {
        var (shop, key) = await _s.NewShopAsync();
        var leaving = await _s.NewAgentAsync(shop, "甲");
        var ids = await ClaimedAsync(leaving, key, 2);
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var group = await (await admin.Http.PostAsJsonAsync($"/api/admin/routing/shops/{shop}/groups", new GroupInput("售后", null, null, null), Json.Options))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<GroupView>(Json.Options);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);

        var result = await (await supervisor.Http.PostAsJsonAsync("/api/routing/reassign", new ReassignInput(leaving.Id, null, group!.Id, [ids[0]]), Json.Options))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ReassignResult>(Json.Options);

        Assert.Equal((1, 0), (result!.Moved, result.Refused.Count));
        var moved = await _s.ConversationAsync(ids[0]);
        Assert.Equal((ConversationStatus.Queued, (Guid?)null, (Guid?)group.Id), (moved.Status, moved.AssigneeId, moved.SkillGroupId));
        Assert.Equal(leaving.Id, (await _s.ConversationAsync(ids[1])).AssigneeId);
    }

    [Fact]
    public async Task Naming_both_or_neither_target_is_refused_and_agents_may_not_reassign()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        await (await supervisor.Http.PostAsJsonAsync("/api/routing/reassign", new ReassignInput(fx.World.Agent.Id, null, null, null), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "transfer_invalid");
        await (await supervisor.Http.PostAsJsonAsync("/api/routing/reassign", new ReassignInput(fx.World.Agent.Id, fx.World.Agent.Id, null, null), Json.Options))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "transfer_invalid");

        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var refused = await agent.Http.PostAsJsonAsync("/api/routing/reassign", new ReassignInput(fx.World.Agent.Id, fx.World.Agent2.Id, null, null), Json.Options);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}

public sealed class ReassignmentTests_Sqlite(SqliteApp fx) : ReassignmentTests(fx), IClassFixture<SqliteApp>;

public sealed class ReassignmentTests_Postgres(PostgresApp fx) : ReassignmentTests(fx), IClassFixture<PostgresApp>;
