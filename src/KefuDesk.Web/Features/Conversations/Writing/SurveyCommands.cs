using KefuDesk.Features.Conversations.Surveys;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations.Writing;

/// <summary>Sends the satisfaction survey for the episode that just ended, as a card in the thread.</summary>
internal static class SurveyInvitation
{
    public static void SendIfWanted(WriteBatch batch, Conversation conversation, Shop.ServicePolicy policy)
    {
        if (!policy.SendSurvey || conversation.ResolvedAt is not { } resolvedAt)
        {
            return;
        }

        var survey = new SatisfactionSurvey(Guid.CreateVersion7(batch.Now), conversation.Id, conversation.ShopId, conversation.CustomerId,
            conversation.AssigneeId, resolvedAt, conversation.Channel, batch.Now);
        batch.Db.SatisfactionSurveys.Add(survey);
        batch.Added(conversation.Append(Guid.CreateVersion7(batch.Now), MessageAuthor.System, $"survey-{survey.Id:N}", MessageKind.Survey,
            ShopText.Get("System.SurveyInvitation"), new MessageContent(Survey: new SurveyCard(survey.Id, null)), batch.Now));
    }
}

/// <summary>The buyer rates the service once (非常满意 … 非常不满意), with an optional comment.</summary>
public sealed class AnswerSurvey(LiveThread buyer, Guid surveyId, SatisfactionRating rating, string? comment) : ConversationCommand<SurveyCard>
{
    private Guid? _conversationId;

    internal override void Declare(WriteBatchPlan plan)
    {
    }

    protected override SurveyCard Execute(WriteBatch batch)
    {
        var survey = batch.Db.SatisfactionSurveys.Find(surveyId);
        if (survey is null || survey.CustomerId != buyer.CustomerId || survey.ShopId != buyer.ShopId)
        {
            throw new KefuDeskException(KefuDeskError.SurveyNotFound);
        }

        survey.Answer(rating, comment, batch.Now);
        _conversationId = survey.ConversationId;
        var card = batch.Db.Messages.FirstOrDefault(m => m.ConversationId == survey.ConversationId && m.ClientMessageId == $"survey-{survey.Id:N}");
        card?.ShowRating(rating);
        batch.Republish(new SurveyAnswered(survey.ConversationId, survey.ShopId, survey.CustomerId, survey.AgentId, survey.Id, rating, batch.Now));
        return new SurveyCard(survey.Id, rating);
    }
}
