using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Categories;
using KefuDesk.Features.Conversations.Details;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuDesk.Tests.Features.Conversations;

/// <summary>Ending an episode: the consultation record, the category tree, and the buyer's rating.</summary>
public abstract class ResolveAndSurveyTests(AppFixture fx)
{
    private static Task<HttpResponseMessage> Resolve(Scenario s, ResolveBody? body) =>
        s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/resolve", body, Json.Options);

    [Fact]
    public async Task Resolving_needs_a_valid_record_and_then_invites_the_buyer_to_rate()
    {
        await using var s = await Scenario.StartAsync(fx);
        await s.AgentSaysAsync("已为您查询,明天发货");

        await (await Resolve(s, new ResolveBody(null, "", null))).AssertProblemAsync(HttpStatusCode.BadRequest, "record_required");
        await (await Resolve(s, new ResolveBody(Guid.NewGuid(), "摘要", null))).AssertProblemAsync(HttpStatusCode.BadRequest, "category_invalid");
        await (await Resolve(s, new ResolveBody(fx.World.CategoryId, "", null))).AssertProblemAsync(HttpStatusCode.BadRequest, "record_invalid");
        Assert.Equal(HttpStatusCode.OK, (await Resolve(s, new ResolveBody(fx.World.CategoryId, "问发货时间,已答复明天发", ["物流"]))).StatusCode);

        var invitation = await s.BuyerInbox.NextAsync(m => m.Kind == MessageKind.Survey);
        Assert.Null(invitation.Survey!.Rating);
        var otherTab = new Inbox<SurveyNotice>(s.BuyerHub, HubEvents.SurveyAnswered);
        var rated = await s.BuyerHub.InvokeAsync<SurveyCard>("RateService", new SurveyAnswer(invitation.Survey.SurveyId, SatisfactionRating.VerySatisfied, "很耐心"));
        Assert.Equal(SatisfactionRating.VerySatisfied, rated.Rating);
        Assert.Equal(SatisfactionRating.VerySatisfied, (await otherTab.NextAsync()).Rating); // the buyer's other tabs hear it too
        var again = await Assert.ThrowsAsync<HubException>(() =>
            s.BuyerHub.InvokeAsync<SurveyCard>("RateService", new SurveyAnswer(invitation.Survey.SurveyId, SatisfactionRating.Dissatisfied, null)));
        Assert.Contains("survey_answered", again.Message, StringComparison.Ordinal);

        var facts = await s.Agent.Http.GetFromJsonAsync<ConversationFacts>($"/api/conversations/{s.ConversationId}/facts", Json.Options);
        var record = Assert.Single(facts!.Records);
        Assert.Equal("问发货时间,已答复明天发", record.Summary);
        Assert.Contains(" › ", record.Category, StringComparison.Ordinal);
        var survey = Assert.Single(facts.Surveys);
        Assert.Equal(SatisfactionRating.VerySatisfied, survey.Rating);
        Assert.Equal("很耐心", survey.Comment);
        Assert.Equal("小美(全名)", survey.AgentName);
        // The card in the thread now shows the rating too.
        var card = (await s.BuyerHub.InvokeAsync<BuyerThread>("GetThread", (long?)null)).Messages.Single(m => m.Kind == MessageKind.Survey);
        Assert.Equal(SatisfactionRating.VerySatisfied, card.Survey!.Rating);
    }

    [Fact]
    public async Task Only_the_buyer_of_the_conversation_may_rate_it_and_only_on_the_scale()
    {
        await using var s = await Scenario.StartAsync(fx);
        await Resolve(s, new ResolveBody(fx.World.CategoryId, "已解答", null));
        var invitation = await s.BuyerInbox.NextAsync(m => m.Kind == MessageKind.Survey);
        using var stranger = await fx.NewBuyerAsync();
        await using var strangerHub = stranger.Hub();
        await strangerHub.StartReadyAsync();

        var notTheirs = await Assert.ThrowsAsync<HubException>(() =>
            strangerHub.InvokeAsync<SurveyCard>("RateService", new SurveyAnswer(invitation.Survey!.SurveyId, SatisfactionRating.VeryDissatisfied, null)));
        var offScale = await Assert.ThrowsAsync<HubException>(() =>
            s.BuyerHub.InvokeAsync<SurveyCard>("RateService", new { surveyId = invitation.Survey!.SurveyId, rating = 9 }));
        var tooLong = await Assert.ThrowsAsync<HubException>(() =>
            s.BuyerHub.InvokeAsync<SurveyCard>("RateService", new SurveyAnswer(invitation.Survey!.SurveyId, SatisfactionRating.Neutral, new string('长', 501))));

        Assert.Contains("survey_not_found", notTheirs.Message, StringComparison.Ordinal);
        Assert.Contains("survey_rating_invalid", offScale.Message, StringComparison.Ordinal);
        Assert.Contains("survey_comment_too_long", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_category_tree_is_read_by_staff_and_shaped_by_admins()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var admin = await fx.SignInAsync(fx.World.Admin);

        var tree = (await agent.Http.GetFromJsonAsync<List<CategoryNode>>("/api/consultation-categories", Json.Options))!;
        Assert.Contains(tree, c => c.Name == "物流配送" && c.Children.Any(k => k.Name == "发货时间"));
        await (await agent.Http.PostAsJsonAsync("/api/consultation-categories", new CategoryInput(null, "越权", null)))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var parent = tree.First(c => c.Name == "商品咨询");
        var added = await (await admin.Http.PostAsJsonAsync("/api/consultation-categories", new CategoryInput(parent.Id, "赠品" + fx.Provider, null)))
            .Content.ReadFromJsonAsync<CategoryNode>(Json.Options);
        var child = tree.SelectMany(c => c.Children).First();
        await (await admin.Http.PostAsJsonAsync("/api/consultation-categories", new CategoryInput(child.Id, "三级", null)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "category_invalid");
        await (await admin.Http.PostAsJsonAsync("/api/consultation-categories", new CategoryInput(null, new string('名', 31), null)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "category_invalid");

        // A retired category disappears from the tree and from what a record may use.
        await admin.Http.PutAsJsonAsync($"/api/consultation-categories/{added!.Id}", new CategoryInput(null, null, false));
        var after = await agent.Http.GetFromJsonAsync<List<CategoryNode>>("/api/consultation-categories", Json.Options);
        Assert.DoesNotContain(after!.SelectMany(c => c.Children), c => c.Id == added.Id);
        await using var s = await Scenario.StartAsync(fx);
        await (await Resolve(s, new ResolveBody(added.Id, "用了停用的分类", null))).AssertProblemAsync(HttpStatusCode.BadRequest, "category_invalid");
    }
}

public sealed class ResolveAndSurveyTests_Sqlite(SqliteApp fx) : ResolveAndSurveyTests(fx), IClassFixture<SqliteApp>;

public sealed class ResolveAndSurveyTests_Postgres(PostgresApp fx) : ResolveAndSurveyTests(fx), IClassFixture<PostgresApp>;
