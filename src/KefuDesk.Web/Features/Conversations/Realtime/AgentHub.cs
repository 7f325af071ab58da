using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using System.Text.Json;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace KefuDesk.Features.Conversations.Realtime;

public sealed record AgentSendRequest(Guid ConversationId, string? ClientMessageId, string? Body);

/// <summary>
/// Live connection for staff clients other than the Blazor workspace (desktop and mobile apps,
/// integrations, the load generator). Same rules as the REST API.
/// </summary>
[Authorize(Policy = StaffPolicies.Staff)]
public sealed class AgentHub(ConversationWriter writer, ConversationQueries queries) : Hub
{
    public const string Path = "/hubs/agent";

    private StaffAccess Staff => Context.User!.Access();

    public override async Task OnConnectedAsync()
    {
        var staff = Staff;
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Agent(staff.AgentId));
        foreach (var shop in staff.ShopIds)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Pool(shop));
        }
    }

    /// <summary>
    /// Call after connecting: calls are served only once the connection has joined its groups, so
    /// the answer means every later push will reach this client.
    /// </summary>
    public HubWelcome Hello() => new(Staff.AgentId, [.. Staff.ShopIds]);

    public Task<MessageView> SendMessage(JsonElement payload)
    {
        var request = HubPayload.Read<AgentSendRequest>(payload);
        return writer.ExecuteAsync(Writing.SendMessage.FromAgent(Staff, request.ConversationId, request.ClientMessageId, request.Body));
    }

    public async Task<MessagePage> GetMessagesAfter(Guid conversationId, long afterSequence)
    {
        await queries.EnsureStaffMayReadAsync(Staff, conversationId, Context.ConnectionAborted);
        return await queries.MessagesAfterAsync(conversationId, afterSequence, ConversationQueries.MaxPage, Context.ConnectionAborted);
    }

    public Task<ConversationAssignment> Claim(Guid conversationId) =>
        writer.ExecuteAsync(new ClaimConversation(Staff, conversationId));

    public Task<long> MarkRead(Guid conversationId, long sequence) =>
        writer.ExecuteAsync(Writing.MarkRead.ByAgent(Staff, conversationId, sequence));
}
