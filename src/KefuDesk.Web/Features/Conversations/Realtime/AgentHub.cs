using System.Text.Json;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace KefuDesk.Features.Conversations.Realtime;

public sealed record AgentSendRequest(Guid ConversationId, string? ClientMessageId, string? Body, Guid? AttachmentId = null,
    Guid? ProductId = null, Guid? OrderId = null);

public sealed record TransferRequest(Guid ConversationId, Guid? AgentId, Guid? GroupId, string? Note);

public sealed record ResolveRequest(Guid ConversationId, Guid? CategoryId, string? Summary, IReadOnlyList<string>? Tags);

/// <summary>
/// Live connection for staff clients other than the Blazor workspace (desktop and mobile apps,
/// integrations, the load generator). Same rules as the REST API.
/// </summary>
[Authorize(Policy = StaffPolicies.Staff)]
public sealed class AgentHub(ConversationWriter writer, ConversationQueries queries, ConversationTyping typingRelay, Routing.Presence.Presence presence)
    : Hub
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

        Context.Items[typeof(Routing.Presence.Presence)] = await presence.ConnectAsync(staff.AgentId);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        (Context.Items[typeof(Routing.Presence.Presence)] as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Call after connecting: calls are served only once the connection has joined its groups, so
    /// the answer means every later push will reach this client.
    /// </summary>
    public HubWelcome Hello() => new(Staff.AgentId, [.. Staff.ShopIds]);

    public Task<MessageView> SendMessage(JsonElement payload)
    {
        var r = HubPayload.Read<AgentSendRequest>(payload);
        return writer.ExecuteAsync(Writing.SendMessage.FromAgent(Staff, r.ConversationId, r.ClientMessageId, r.Body,
            OutgoingContent.Of(r.AttachmentId, r.ProductId, r.OrderId)));
    }

    /// <summary>An internal note; <c>@昵称</c> tells that colleague.</summary>
    public Task<MessageView> AddNote(JsonElement payload)
    {
        var r = HubPayload.Read<AgentSendRequest>(payload);
        return writer.ExecuteAsync(new Writing.AddNote(Staff, r.ConversationId, r.ClientMessageId, r.Body));
    }

    public Task<MessageView> Recall(Guid conversationId, Guid messageId) =>
        writer.ExecuteAsync(new RecallMessage(Staff, conversationId, messageId));

    public async Task<MessagePage> GetMessagesAfter(Guid conversationId, long afterSequence)
    {
        await queries.EnsureStaffMayReadAsync(Staff, conversationId, Context.ConnectionAborted);
        return await queries.MessagesAfterAsync(conversationId, afterSequence, ConversationQueries.MaxPage, Context.ConnectionAborted);
    }

    public Task<ConversationAssignment> Claim(Guid conversationId) =>
        writer.ExecuteAsync(new ClaimConversation(Staff, conversationId));

    public Task<ConversationStatus> Transfer(JsonElement payload)
    {
        var r = HubPayload.Read<TransferRequest>(payload);
        return writer.ExecuteAsync(new TransferConversation(Staff, r.ConversationId, new TransferTarget(r.AgentId, r.GroupId), r.Note));
    }

    public Task<ConversationStatus> Pend(Guid conversationId) => writer.ExecuteAsync(new PendConversation(Staff, conversationId));

    public Task<ConversationStatus> Resolve(JsonElement payload)
    {
        var r = HubPayload.Read<ResolveRequest>(payload);
        return writer.ExecuteAsync(new ResolveConversation(Staff, r.ConversationId, new ConsultationRecordInput(r.CategoryId, r.Summary, r.Tags)));
    }

    public Task<ConversationStatus> Close(Guid conversationId) => writer.ExecuteAsync(new CloseConversation(Staff, conversationId));

    public Task<long> MarkRead(Guid conversationId, long sequence) =>
        writer.ExecuteAsync(Writing.MarkRead.ByAgent(Staff, conversationId, sequence));

    /// <summary>The agent is typing (or stopped): the buyer sees 客服正在输入.</summary>
    public Task Typing(Guid conversationId, bool typing) => typingRelay.AgentTypingAsync(Staff, conversationId, typing);
}
