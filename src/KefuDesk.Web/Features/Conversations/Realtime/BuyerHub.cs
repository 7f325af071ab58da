using System.Text.Json;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.RateLimiting;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace KefuDesk.Features.Conversations.Realtime;

/// <summary><c>Entry</c>: where the buyer started (entry point, page, picked question, order); read on the first message of a conversation.</summary>
public sealed record BuyerSendRequest(string? ClientMessageId, string? Body, Guid? ConversationId, Guid? AttachmentId = null,
    Guid? ProductId = null, Guid? OrderId = null, Routing.Groups.EntryContext? Entry = null);

/// <summary>The buyer's thread as the widget opens it: their current conversation's latest messages.</summary>
public sealed record BuyerThread(Guid? ConversationId, IReadOnlyList<MessageView> Messages, bool HasMore, long AgentReadSequence = 0);

public sealed record SurveyAnswer(Guid SurveyId, SatisfactionRating Rating, string? Comment);

/// <summary>
/// The widget's live connection. A buyer reaches only their own conversations with the shop their
/// visitor token names, and never sees internal notes.
/// </summary>
[Authorize(AuthenticationSchemes = VisitorAuthenticationHandler.SchemeName)]
public sealed class BuyerHub(ConversationWriter writer, ConversationQueries queries, ConversationTyping typingRelay, BuyerFloodGuard flood,
    FirstMessageGuard firstMessages) : Hub
{
    public const string Path = VisitorAuthenticationHandler.BuyerHubPath;
    public const int PageSize = 50;
    private const string LiveKey = "kd.live";

    private BuyerIdentity Buyer => BuyerIdentity.From(Context.User!);

    public override Task OnConnectedAsync() =>
        Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Buyer(Buyer.ShopId, Buyer.CustomerId));

    /// <summary>Call after connecting: the answer means the connection hears every later push.</summary>
    public HubWelcome Hello() => new(Buyer.CustomerId, [Buyer.ShopId]);

    /// <summary>Sends a message (text, or an uploaded image/file); resending the same client id returns the stored message, once.</summary>
    public async Task<MessageView> SendMessage(JsonElement payload)
    {
        var request = HubPayload.Read<BuyerSendRequest>(payload);
        var buyer = Buyer;
        await flood.CheckAsync(buyer.CustomerId);
        // Once this connection has a live conversation, later messages skip the first-message look-up.
        await firstMessages.CheckAsync(buyer.WebThread, SourceAddress.Of(Context.GetHttpContext()!), Context.Items[LiveKey] as Guid?, Context.ConnectionAborted);
        var sent = await writer.ExecuteAsync(Writing.SendMessage.FromCustomer(buyer.OrganisationId, buyer.WebThread, request.ConversationId,
            request.ClientMessageId, request.Body, OutgoingContent.Of(request.AttachmentId, request.ProductId, request.OrderId), entry: request.Entry));
        Context.Items[LiveKey] = sent.ConversationId;
        return sent.ForBuyer()!;
    }

    /// <summary>The latest page of the buyer's current conversation, or the page before <paramref name="beforeSequence"/>.</summary>
    public async Task<BuyerThread> GetThread(long? beforeSequence)
    {
        var current = await queries.BuyerCurrentConversationAsync(Buyer.WebThread, Context.ConnectionAborted);
        if (current is null)
        {
            return new BuyerThread(null, [], false);
        }

        var page = await queries.MessagesBeforeAsync(current.Value.Id, beforeSequence, PageSize, Context.ConnectionAborted, MessageAudience.Buyer);
        return new BuyerThread(current.Value.Id, page.Messages, page.HasMore, current.Value.AgentReadSequence);
    }

    /// <summary>Everything after the last sequence the widget saw (call again while HasMore).</summary>
    public async Task<MessagePage> GetMessagesAfter(Guid conversationId, long afterSequence)
    {
        await queries.EnsureBuyerOwnsAsync(Buyer.WebThread, conversationId, Context.ConnectionAborted);
        return await queries.MessagesAfterAsync(conversationId, afterSequence, ConversationQueries.MaxPage, Context.ConnectionAborted, MessageAudience.Buyer);
    }

    public Task<long> MarkRead(Guid conversationId, long sequence) =>
        writer.ExecuteAsync(Writing.MarkRead.ByCustomer(Buyer.WebThread, conversationId, sequence));

    /// <summary>The widget received messages up to here (the agent sees 已送达).</summary>
    public Task<long> MarkDelivered(Guid conversationId, long sequence) =>
        writer.ExecuteAsync(new MarkDelivered(Buyer.WebThread, conversationId, sequence));

    /// <summary>The buyer is typing (or stopped): the agent sees 对方正在输入.</summary>
    public Task Typing(Guid conversationId, bool typing) => typingRelay.BuyerTypingAsync(Buyer.WebThread, conversationId, typing);

    public Task<SurveyCard> RateService(JsonElement payload)
    {
        var answer = HubPayload.Read<SurveyAnswer>(payload);
        return writer.ExecuteAsync(new AnswerSurvey(Buyer.WebThread, answer.SurveyId, answer.Rating, answer.Comment));
    }
}
