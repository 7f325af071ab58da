using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuDesk.Tests.Infrastructure;

/// <summary>
/// A buyer and an agent already talking: the buyer has written, the agent has picked it up. Both
/// hold live connections with inboxes, so tests start from the moment that matters to them.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    private Scenario(BuyerClient buyer, StaffClient agent, HubConnection buyerHub, HubConnection agentHub, MessageView opening)
    {
        Buyer = buyer;
        Agent = agent;
        BuyerHub = buyerHub;
        AgentHub = agentHub;
        Opening = opening;
        BuyerInbox = new Inbox<MessageView>(buyerHub, HubEvents.MessageCreated);
        AgentInbox = new Inbox<MessageView>(agentHub, HubEvents.MessageCreated);
    }

    public BuyerClient Buyer { get; }
    public StaffClient Agent { get; }
    public HubConnection BuyerHub { get; }
    public HubConnection AgentHub { get; }
    public MessageView Opening { get; }
    public Guid ConversationId => Opening.ConversationId;
    public Inbox<MessageView> BuyerInbox { get; }
    public Inbox<MessageView> AgentInbox { get; }

    public static async Task<Scenario> StartAsync(AppFixture fx, TestStaff? agent = null, string opening = "你好,在吗?")
    {
        var buyer = await fx.NewBuyerAsync();
        var staff = await fx.SignInAsync(agent ?? fx.World.Agent);
        var buyerHub = buyer.Hub();
        var agentHub = staff.AgentHub();
        var first = await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = Guid.NewGuid().ToString(), body = opening }))
            .Content.ReadFromJsonAsync<MessageView>(Json.Options);
        var scenario = new Scenario(buyer, staff, buyerHub, agentHub, first!);
        await buyerHub.StartReadyAsync();
        await agentHub.StartReadyAsync();
        await staff.Http.PostAsync($"/api/conversations/{first!.ConversationId}/claim", null);
        return scenario;
    }

    public async Task<MessageView> AgentSaysAsync(string body) =>
        (await (await Agent.Http.PostAsJsonAsync($"/api/conversations/{ConversationId}/messages",
            new { clientMessageId = Guid.NewGuid().ToString(), body })).Content.ReadFromJsonAsync<MessageView>(Json.Options))!;

    public Task<MessageView> BuyerSaysAsync(string body) =>
        BuyerHub.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest(Guid.NewGuid().ToString(), body, null));

    public async ValueTask DisposeAsync()
    {
        await BuyerHub.DisposeAsync();
        await AgentHub.DisposeAsync();
        await Agent.DisposeAsync();
        Buyer.Dispose();
    }
}
