using System.Net.Http.Json;
using KefuDesk.Features.AfterSales.Reviews;
using KefuDesk.Infrastructure.Realtime;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.AfterSales.Reviews;

/// <summary>Review screens on every node follow: each change is a notice; a review given to someone names them.</summary>
public abstract partial class ReviewTests
{
    [Fact]
    public async Task Flagging_reassigning_and_following_up_tell_the_shops_screens_and_name_who_was_given_the_review()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        await using var agent2 = await fx.SignInAsync(fx.World.Agent2);
        using var notices = new NoticeLog(fx.App);
        Task SeenAsync(Func<WorkspaceNotice, bool> what) =>
            notices.SeenAsync(n => n.Kind == WorkspaceNoticeKind.ReviewsChanged && n.ShopId == Shop && what(n));

        var review = await BadReviewForAsync(supervisor, fx.World.Agent);
        await SeenAsync(n => n.ConversationId == review.Id && n.On && n.AssigneeId == fx.World.Agent.Id);

        (await supervisor.Http.PostAsJsonAsync($"{Api}/{review.Id}/reassign", new ReviewReassignInput(fx.World.Agent2.Id), Json.Options))
            .EnsureSuccessStatusCode();
        await SeenAsync(n => n.ConversationId == review.Id && n.On && n.AssigneeId == fx.World.Agent2.Id);

        (await agent2.Http.PostAsJsonAsync($"{Api}/{review.Id}/follow-up", new FollowUpInput("explained", "电话说明"), Json.Options))
            .EnsureSuccessStatusCode();
        await SeenAsync(n => n.ConversationId == review.Id && !n.On && n.AssigneeId is null);
    }
}
