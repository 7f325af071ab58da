using KefuDesk.Features.Conversations.Surveys;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations.Writing;

public sealed record ConversationAssignment(Guid ConversationId, Guid AgentId, ConversationStatus Status);

/// <summary>
/// An agent picks up a conversation from the unassigned pool. Taking one that a colleague holds
/// is for supervisors only.
/// </summary>
public sealed class ClaimConversation(StaffAccess staff, Guid conversationId) : ConversationCommand<ConversationAssignment>
{
    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(conversationId);

    protected override ConversationAssignment Execute(WriteBatch batch)
    {
        var conversation = batch.StaffConversation(staff, conversationId);
        conversation.EnsureMayAct(staff);
        if (conversation.AssigneeId != staff.AgentId)
        {
            Routing.Agents.Seating.Take(batch, staff.AgentId, force: staff.MaySupervise);
        }

        conversation.Assign(staff.AgentId, staff.AgentId, batch.Now);
        return new ConversationAssignment(conversation.Id, staff.AgentId, conversation.Status);
    }
}

/// <summary>Where a conversation is handed: one colleague, or a skill group's queue.</summary>
public sealed record TransferTarget(Guid? AgentId, Guid? GroupId)
{
    public static TransferTarget Agent(Guid id) => new(id, null);

    public static TransferTarget Group(Guid id) => new(null, id);
}

/// <summary>
/// Hands a conversation to a colleague or a group (转接), with a note the next agent sees in the
/// thread; the buyer is told whom they are now talking to.
/// </summary>
public sealed class TransferConversation(StaffAccess staff, Guid conversationId, TransferTarget target, string? note, bool force = false)
    : ConversationCommand<ConversationStatus>
{
    public const int NoteMaxLength = 500;

    private readonly string? _note = string.IsNullOrWhiteSpace(note) ? null
        : note.Trim().Length > NoteMaxLength ? throw new KefuDeskException(KefuDeskError.TransferInvalid) : note.Trim();

    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(conversationId);

    protected override ConversationStatus Execute(WriteBatch batch)
    {
        var conversation = batch.StaffConversation(staff, conversationId);
        conversation.EnsureMayAct(staff);
        string told;
        if (target is { AgentId: { } agentId, GroupId: null })
        {
            var colleague = batch.StaffServing(conversation.ShopId).FirstOrDefault(s => s.AgentId == agentId)
                ?? throw new KefuDeskException(KefuDeskError.TransferInvalid);
            if (conversation.AssigneeId != agentId)
            {
                // A colleague away from the desk is refused; one at their limit too, unless a supervisor forces it (strong-arm a rush).
                Routing.Agents.Seating.EnsureTakesTransfers(batch, agentId);
                Routing.Agents.Seating.Take(batch, agentId, force: force && staff.MaySupervise);
            }

            conversation.TransferToAgent(agentId, staff.AgentId, _note, batch.Now);
            told = ShopText.Get("System.TransferredToAgent", colleague.Nickname);
        }
        else if (target is { GroupId: { } groupId, AgentId: null })
        {
            var group = batch.Db.SkillGroups.Find(groupId);
            if (group is null || group.ShopId != conversation.ShopId)
            {
                throw new KefuDeskException(KefuDeskError.TransferInvalid);
            }

            conversation.TransferToGroup(groupId, staff.AgentId, _note, batch.Now);
            told = ShopText.Get("System.TransferredToGroup", group.Name);
        }
        else
        {
            throw new KefuDeskException(KefuDeskError.TransferInvalid);
        }

        var now = batch.Now;
        batch.Added(conversation.Append(Guid.CreateVersion7(now), MessageAuthor.System, $"transfer-{Guid.NewGuid():N}", MessageKind.System, told, null, now));
        if (_note is not null)
        {
            batch.Added(conversation.AddNote(Guid.CreateVersion7(now), MessageAuthor.Agent(staff.AgentId, staff.Nickname),
                $"transfer-note-{Guid.NewGuid():N}", ShopText.Get("System.TransferNote", _note), [], now));
        }

        return conversation.Status;
    }
}

/// <summary>The agent waits for the buyer's answer (待买家回复); the buyer writing resumes it.</summary>
public sealed class PendConversation(StaffAccess staff, Guid conversationId) : ConversationCommand<ConversationStatus>
{
    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(conversationId);

    protected override ConversationStatus Execute(WriteBatch batch)
    {
        var conversation = batch.StaffConversation(staff, conversationId);
        conversation.EnsureMayAct(staff);
        conversation.Pend(staff.AgentId, batch.Now);
        return conversation.Status;
    }
}

/// <summary>
/// The agent has answered the buyer: the episode ends with its consultation record (required unless
/// the shop says otherwise), and the buyer is invited to rate the service.
/// </summary>
public sealed class ResolveConversation(StaffAccess staff, Guid conversationId, ConsultationRecordInput? record)
    : ConversationCommand<ConversationStatus>
{
    internal override void Declare(WriteBatchPlan plan)
    {
        plan.Conversation(conversationId);
        plan.Tags();
    }

    protected override ConversationStatus Execute(WriteBatch batch)
    {
        var conversation = batch.StaffConversation(staff, conversationId);
        if (conversation.AssigneeId != staff.AgentId && !staff.MaySupervise)
        {
            throw new KefuDeskException(KefuDeskError.ConversationTaken);
        }

        var policy = batch.Policy(conversation.ShopId);
        ConsultationRecord? written = null;
        if (record is not null && (record.CategoryId is not null || !string.IsNullOrWhiteSpace(record.Summary)))
        {
            EnsureCategory(batch, conversation, record.CategoryId);
            written = ConsultationRecord.ByAgent(conversation.Id, staff.AgentId, record, batch.Now);
        }
        else if (policy.RequireConsultationRecord)
        {
            throw new KefuDeskException(KefuDeskError.RecordRequired);
        }

        conversation.Resolve(staff.AgentId, written, batch.Now);
        SurveyInvitation.SendIfWanted(batch, conversation, policy);
        return conversation.Status;
    }

    private static void EnsureCategory(WriteBatch batch, Conversation conversation, Guid? categoryId)
    {
        var category = categoryId is { } id ? batch.Db.ConsultationCategories.Find(id) : null;
        var organisation = batch.Db.Shops.Find(conversation.ShopId)?.OrganisationId;
        if (category is null || !category.Active || category.OrganisationId != organisation)
        {
            throw new KefuDeskException(KefuDeskError.CategoryInvalid);
        }
    }
}

/// <summary>Closes a conversation for good: supervisors may close any; a resolved one anyone serving it.</summary>
public sealed class CloseConversation(StaffAccess staff, Guid conversationId) : ConversationCommand<ConversationStatus>
{
    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(conversationId);

    protected override ConversationStatus Execute(WriteBatch batch)
    {
        var conversation = batch.StaffConversation(staff, conversationId);
        conversation.EnsureMayAct(staff);
        conversation.Close(staff.AgentId, force: staff.MaySupervise, batch.Now);
        return conversation.Status;
    }
}

/// <summary>
/// Housekeeping: nobody has written for the shop's inactivity window and the buyer is not waiting,
/// so the episode ends with the shop's closing words. Nothing happens if anyone wrote meanwhile.
/// </summary>
public sealed class AutoResolveConversation(Guid conversationId, long expectedLastSequence) : ConversationCommand<bool>
{
    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(conversationId);

    protected override bool Execute(WriteBatch batch)
    {
        var conversation = batch.Conversation(conversationId);
        if (conversation is null || conversation.LastSequence != expectedLastSequence
            || conversation.Status is not (ConversationStatus.Open or ConversationStatus.Pending)
            || conversation.LastSender == SenderKind.Customer)
        {
            return false;
        }

        var policy = batch.Policy(conversation.ShopId);
        var words = string.IsNullOrWhiteSpace(policy.AutoResolveMessage) ? ShopText.Get("System.AutoResolved") : policy.AutoResolveMessage;
        batch.Added(conversation.Append(Guid.CreateVersion7(batch.Now), MessageAuthor.System, $"auto-resolve-{conversation.Id:N}-{expectedLastSequence}",
            MessageKind.System, words, null, batch.Now));
        conversation.Resolve(null, ConsultationRecord.Automatically(conversation.Id, conversation.AssigneeId, ShopText.Get("Record.AutoSummary"), batch.Now), batch.Now);
        SurveyInvitation.SendIfWanted(batch, conversation, policy);
        return true;
    }
}

/// <summary>Housekeeping: a resolved conversation past the reopen window closes; the buyer's next message starts anew.</summary>
public sealed class CloseExpiredConversation(Guid conversationId) : ConversationCommand<bool>
{
    internal override void Declare(WriteBatchPlan plan) => plan.Conversation(conversationId);

    protected override bool Execute(WriteBatch batch)
    {
        var conversation = batch.Conversation(conversationId);
        if (conversation is null || conversation.MayReopenAt(batch.Now, () => batch.Policy(conversation.ShopId).ReopenWindow))
        {
            return false;
        }

        conversation.Close(null, force: false, batch.Now);
        return true;
    }
}
