using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Conversations.Writing;

/// <summary>
/// A change to conversations, applied by <see cref="ConversationWriter"/> inside a batch
/// transaction. The caller's task completes only after that transaction has committed.
/// </summary>
public abstract class ConversationCommand
{
    /// <summary>Says which rows the command will touch, so the batch loads them in a few queries.</summary>
    internal abstract void Declare(WriteBatchPlan plan);

    /// <summary>Applies the change to tracked entities; a rule broken throws <see cref="KefuDeskException"/>.</summary>
    internal abstract void Apply(WriteBatch batch);

    internal abstract void Commit();

    internal abstract void Fail(Exception error);

    /// <summary>Forgets the outcome of a batch attempt that did not commit.</summary>
    internal abstract void Reset();
}

public abstract class ConversationCommand<TResult> : ConversationCommand
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;
    private KefuDeskException? _rejection;

    public Task<TResult> Completion => _completion.Task;

    protected abstract TResult Execute(WriteBatch batch);

    internal sealed override void Apply(WriteBatch batch)
    {
        try
        {
            _result = Execute(batch);
        }
        catch (KefuDeskException rejected)
        {
            // A rule said no; the rest of the batch still commits.
            _rejection = rejected;
        }
    }

    internal sealed override void Commit()
    {
        if (_rejection is not null)
        {
            _completion.TrySetException(_rejection);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }

    internal sealed override void Fail(Exception error) => _completion.TrySetException(error);

    internal sealed override void Reset()
    {
        _result = default;
        _rejection = null;
    }
}
