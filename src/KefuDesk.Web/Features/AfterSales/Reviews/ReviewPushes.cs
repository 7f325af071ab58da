using KefuDesk.Infrastructure.Events;
using KefuDesk.Infrastructure.Realtime;

namespace KefuDesk.Features.AfterSales.Reviews;

/// <summary>
/// After commit, review screens on every node refresh. A 中差评 given to someone to follow up (flagged
/// with an assignee, or reassigned) carries <c>On</c> and the assignee, so that colleague is told at once.
/// </summary>
public sealed class ReviewPushes(IWorkspaceFeedTransport workspace, ILogger<ReviewPushes> logger)
    : IEventHandler<ReviewFlagged>, IEventHandler<ReviewReassigned>, IEventHandler<ReviewFollowedUp>, IEventHandler<ReviewReplied>,
        IEventHandler<ReviewUpdated>
{
    public Task HandleAsync(ReviewFlagged e, CancellationToken ct) => Tell(e, e.ReviewId, e.ShopId, e.AssigneeId, ct);

    public Task HandleAsync(ReviewReassigned e, CancellationToken ct) => Tell(e, e.ReviewId, e.ShopId, e.To, ct);

    public Task HandleAsync(ReviewFollowedUp e, CancellationToken ct) => Tell(e, e.ReviewId, e.ShopId, null, ct);

    public Task HandleAsync(ReviewReplied e, CancellationToken ct) => Tell(e, e.ReviewId, e.ShopId, null, ct);

    public Task HandleAsync(ReviewUpdated e, CancellationToken ct) => Tell(e, e.ReviewId, e.ShopId, null, ct);

    private async Task Tell(IDomainEvent e, Guid reviewId, Guid shopId, Guid? givenTo, CancellationToken ct)
    {
        try
        {
            await workspace.PublishAsync(new WorkspaceNotice(WorkspaceNoticeKind.ReviewsChanged, reviewId, shopId, givenTo) { On = givenTo is not null }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "A push for {EventName} failed; review screens refresh on their next change", e.Name);
        }
    }
}
