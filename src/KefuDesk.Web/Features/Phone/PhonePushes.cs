using KefuDesk.Infrastructure.Events;
using KefuDesk.Infrastructure.Realtime;

namespace KefuDesk.Features.Phone;

/// <summary>After commit, staff screens on every node recount the shop's call-backs.</summary>
public sealed class PhonePushes(IWorkspaceFeedTransport workspace, ILogger<PhonePushes> logger)
    : IEventHandler<CallbackOpened>, IEventHandler<CallbackTaken>, IEventHandler<CallbackDone>, IEventHandler<CallbackCancelled>
{
    public Task HandleAsync(CallbackOpened e, CancellationToken ct) => Tell(e, null, ct);

    public Task HandleAsync(CallbackTaken e, CancellationToken ct) => Tell(e, e.AgentId, ct);

    public Task HandleAsync(CallbackDone e, CancellationToken ct) => Tell(e, e.AgentId, ct);

    public Task HandleAsync(CallbackCancelled e, CancellationToken ct) => Tell(e, e.AgentId, ct);

    private async Task Tell(ICallbackEvent e, Guid? agentId, CancellationToken ct)
    {
        try
        {
            await workspace.PublishAsync(new WorkspaceNotice(WorkspaceNoticeKind.CallbacksChanged, e.TaskId, e.ShopId, agentId), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "A push for {EventName} failed; screens recount on their next change", e.Name);
        }
    }
}
