using KefuDesk.Infrastructure.Events;
using KefuDesk.Infrastructure.Realtime;

namespace KefuDesk.Features.AfterSales.Complaints;

/// <summary>
/// After commit, complaint screens on every node refresh; an escalation also tells the shop's
/// supervisors at once (<c>On</c> true, <c>ByName</c> the complaint's number).
/// </summary>
public sealed class ComplaintPushes(IWorkspaceFeedTransport workspace, ILogger<ComplaintPushes> logger)
    : IEventHandler<ComplaintRecorded>, IEventHandler<ComplaintEscalated>, IEventHandler<ComplaintSeverityChanged>,
        IEventHandler<ComplaintReassigned>, IEventHandler<ComplaintResolved>, IEventHandler<ComplaintReturnVisited>,
        IEventHandler<ComplaintArchived>, IEventHandler<ComplaintReopened>
{
    public Task HandleAsync(ComplaintRecorded e, CancellationToken ct) => Tell(e, e.OwnerId, false, ct);

    public Task HandleAsync(ComplaintEscalated e, CancellationToken ct) => Tell(e, e.OwnerId, true, ct);

    public Task HandleAsync(ComplaintSeverityChanged e, CancellationToken ct) => Tell(e, null, false, ct);

    public Task HandleAsync(ComplaintReassigned e, CancellationToken ct) => Tell(e, e.To, false, ct);

    public Task HandleAsync(ComplaintResolved e, CancellationToken ct) => Tell(e, null, false, ct);

    public Task HandleAsync(ComplaintReturnVisited e, CancellationToken ct) => Tell(e, null, false, ct);

    public Task HandleAsync(ComplaintArchived e, CancellationToken ct) => Tell(e, null, false, ct);

    public Task HandleAsync(ComplaintReopened e, CancellationToken ct) => Tell(e, null, false, ct);

    private async Task Tell(IComplaintEvent e, Guid? ownerId, bool escalated, CancellationToken ct)
    {
        try
        {
            await workspace.PublishAsync(new WorkspaceNotice(WorkspaceNoticeKind.ComplaintsChanged, e.ComplaintId, e.ShopId, ownerId)
            {
                On = escalated,
                ByName = e.Number,
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "A push for {EventName} failed; screens refresh on their next change", e.Name);
        }
    }
}
