using System.Text.RegularExpressions;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations.Writing;

/// <summary>
/// An internal note (内部备注) in the thread, for colleagues only. <c>@昵称</c> (nickname, name or
/// user name of someone serving the shop) tells that colleague.
/// </summary>
public sealed partial class AddNote(StaffAccess staff, Guid conversationId, string? clientMessageId, string? body)
    : ConversationCommand<MessageView>
{
    private readonly string _clientMessageId = MessageInput.ClientMessageId(clientMessageId);
    private readonly string _body = MessageInput.Body(body);

    internal override void Declare(WriteBatchPlan plan)
    {
        plan.Conversation(conversationId);
        plan.ClientMessageId(_clientMessageId);
    }

    protected override MessageView Execute(WriteBatch batch)
    {
        var conversation = batch.StaffConversation(staff, conversationId);
        if (batch.ExistingMessage(conversation.Id, _clientMessageId) is { } stored)
        {
            return MessageView.From(stored);
        }

        var names = Mentions().Matches(_body).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var mentioned = names.Count == 0 ? [] : batch.StaffServing(conversation.ShopId)
            .Where(s => s.AgentId != staff.AgentId && (names.Contains(s.Nickname) || names.Contains(s.DisplayName) || names.Contains(s.UserName)))
            .Select(s => s.AgentId)
            .ToList();

        var note = conversation.AddNote(Guid.CreateVersion7(batch.Now), MessageAuthor.Agent(staff.AgentId, staff.Nickname),
            _clientMessageId, _body, mentioned, batch.Now);
        batch.Added(note);
        foreach (var agent in mentioned)
        {
            batch.Db.MessageMentions.Add(new MessageMention(note.Id, agent));
        }

        return MessageView.From(note);
    }

    [GeneratedRegex(@"@([^\s@,，。:：;；!！?？]{1,50})")]
    private static partial Regex Mentions();
}

/// <summary>An agent takes back their own message within two minutes (撤回).</summary>
public sealed class RecallMessage(StaffAccess staff, Guid conversationId, Guid messageId) : ConversationCommand<MessageView>
{
    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(conversationId);

    protected override MessageView Execute(WriteBatch batch)
    {
        var conversation = batch.StaffConversation(staff, conversationId);
        var message = batch.Db.Messages.Find(messageId);
        if (message is null || message.ConversationId != conversation.Id)
        {
            throw new KefuDeskException(KefuDeskError.MessageNotFound);
        }

        conversation.Recall(message, staff.AgentId, batch.Now);
        return MessageView.From(message);
    }
}
