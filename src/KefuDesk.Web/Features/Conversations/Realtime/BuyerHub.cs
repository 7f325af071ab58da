using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Widget;
using System.Text.Json;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace KefuDesk.Features.Conversations.Realtime;

public sealed record BuyerSendRequest(string? ClientMessageId, string? Body, Guid? ConversationId);

/// <summary>The buyer's thread as the widget opens it: their current conversation's latest messages.</summary>
public sealed record BuyerThread(Guid? ConversationId, IReadOnlyList<MessageView> Messages, bool HasMore);

/// <summary>
/// The widget's live connection. A buyer reaches only their own conversations with the shop their
/// visitor token names.
/// </summary>
[Authorize(AuthenticationSchemes = VisitorAuthenticationHandler.SchemeName)]
public sealed class BuyerHub(ConversationWriter writer, ConversationQueries queries) : Hub
{
    public const string Path = VisitorAuthenticationHandler.BuyerHubPath;
    public const int PageSize = 50;

    private BuyerIdentity Buyer => BuyerIdentity.From(Context.User!);

    public override Task OnConnectedAsync() =>
        Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Buyer(Buyer.ShopId, Buyer.CustomerId));

    /// <summary>Call after connecting: the answer means the connection hears every later push.</summary>
    public HubWelcome Hello() => new(Buyer.CustomerId, [Buyer.ShopId]);

    /// <summary>Sends a message; resending the same client id returns the stored message, once.</summary>
    public Task<MessageView> SendMessage(JsonElement payload)
    {
        var request = HubPayload.Read<BuyerSendRequest>(payload);
        var buyer = Buyer;
        return writer.ExecuteAsync(Writing.SendMessage.FromCustomer(buyer.OrganisationId, buyer.WebThread, request.ConversationId,
            request.ClientMessageId, request.Body));
    }

    /// <summary>The latest page of the buyer's current conversation, or the page before <paramref name="beforeSequence"/>.</summary>
    public async Task<BuyerThread> GetThread(long? beforeSequence)
    {
        var conversationId = await queries.BuyerCurrentConversationAsync(Buyer.WebThread, Context.ConnectionAborted);
        if (conversationId is null)
        {
            return new BuyerThread(null, [], false);
        }

        var page = await queries.MessagesBeforeAsync(conversationId.Value, beforeSequence, PageSize, Context.ConnectionAborted);
        return new BuyerThread(conversationId, page.Messages, page.HasMore);
    }

    /// <summary>Everything after the last sequence the widget saw (call again while HasMore).</summary>
    public async Task<MessagePage> GetMessagesAfter(Guid conversationId, long afterSequence)
    {
        await queries.EnsureBuyerOwnsAsync(Buyer.WebThread, conversationId, Context.ConnectionAborted);
        return await queries.MessagesAfterAsync(conversationId, afterSequence, ConversationQueries.MaxPage, Context.ConnectionAborted);
    }

    public Task<long> MarkRead(Guid conversationId, long sequence) =>
        writer.ExecuteAsync(Writing.MarkRead.ByCustomer(Buyer.WebThread, conversationId, sequence));
}
