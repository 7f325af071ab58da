using System.Collections.Immutable;

namespace KefuDesk.Infrastructure.Realtime;

/// <summary>What changed, for staff screens on every node (Blazor circuits are not SignalR hub clients).</summary>
public sealed record WorkspaceNotice(
    WorkspaceNoticeKind Kind,
    Guid ConversationId,
    Guid ShopId,
    Guid? AssigneeId,
    Features.Conversations.MessageView? Message = null)
{
    /// <summary>Read, delivered or recalled: up to (or at) this sequence.</summary>
    public long Sequence { get; init; }

    /// <summary>Typing: started (true) or stopped.</summary>
    public bool On { get; init; }

    /// <summary>Mention: who was named, and by whom.</summary>
    public IReadOnlyList<Guid> AgentIds { get; init; } = [];

    public string? ByName { get; init; }
}

public enum WorkspaceNoticeKind
{
    MessageCreated,
    ConversationChanged,
    MessageRecalled,

    /// <summary>The buyer read (or received) up to <see cref="WorkspaceNotice.Sequence"/>.</summary>
    BuyerRead,
    BuyerDelivered,
    BuyerTyping,
    Mentioned,

    /// <summary>A shop's call-back list changed (<see cref="WorkspaceNotice.ConversationId"/> is the task's id).</summary>
    CallbacksChanged,

    /// <summary>A shop's complaints changed (<see cref="WorkspaceNotice.ConversationId"/> is the complaint's id; <c>On</c>: it was escalated).</summary>
    ComplaintsChanged,

    /// <summary>A shop's reviews changed (<see cref="WorkspaceNotice.ConversationId"/> is the review's id; <c>On</c>: given to <see cref="WorkspaceNotice.AssigneeId"/> to follow up).</summary>
    ReviewsChanged,

    /// <summary>The feed may have missed notices (the backplane reconnected): reload what is on screen.</summary>
    Resync,
}

/// <summary>
/// This node's fan-out of workspace notices to the screens open on it. Notices arrive through an
/// <see cref="IWorkspaceFeedTransport"/>: directly on a single node, through Redis on several.
/// </summary>
public sealed class WorkspaceFeed(ILogger<WorkspaceFeed> logger)
{
    private ImmutableList<Func<WorkspaceNotice, Task>> _subscribers = [];

    public IDisposable Subscribe(Func<WorkspaceNotice, Task> onNotice)
    {
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(onNotice));
        return new Subscription(() => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(onNotice)));
    }

    internal void Deliver(WorkspaceNotice notice)
    {
        foreach (var subscriber in _subscribers)
        {
            _ = DeliverOne(subscriber, notice);
        }
    }

    private async Task DeliverOne(Func<WorkspaceNotice, Task> subscriber, WorkspaceNotice notice)
    {
        try
        {
            await subscriber(notice);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A workspace screen failed to take a {Kind} notice", notice.Kind);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

/// <summary>Carries notices to the <see cref="WorkspaceFeed"/> of every node.</summary>
public interface IWorkspaceFeedTransport
{
    Task PublishAsync(WorkspaceNotice notice, CancellationToken cancellationToken);
}

/// <summary>One node: hand notices straight to the local feed.</summary>
public sealed class LocalWorkspaceFeedTransport(WorkspaceFeed feed) : IWorkspaceFeedTransport
{
    public Task PublishAsync(WorkspaceNotice notice, CancellationToken cancellationToken)
    {
        feed.Deliver(notice);
        return Task.CompletedTask;
    }
}
