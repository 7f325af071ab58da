using System.Diagnostics;
using System.Threading.Channels;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations.Writing;

/// <summary>
/// The single path by which conversations change. Commands queue here; a dedicated thread
/// takes whatever has queued, applies it in one transaction and commits, then completes the
/// callers and publishes the events. Batching turns many small commits into one, and keeping
/// database I/O on these threads means a burst of messages never starves the thread pool
/// (Microsoft.Data.Sqlite does its I/O synchronously even behind async calls).
/// </summary>
/// <remarks>
/// SQLite gets one such thread (one write lock). PostgreSQL gets several
/// (<see cref="DatabaseOptions.ConversationWriters"/>): each batch locks its conversations' rows,
/// as a second node's writer would, and a batch touching a conversation another batch holds waits
/// for that commit and then sees it. Commit and publish happen under one lock, so events reach the
/// dispatcher in commit order whichever thread committed.
/// </remarks>
public sealed class ConversationWriter(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    IEventPublisher events,
    TimeProvider clock,
    IEnumerable<IWriteBatchHook> hooks,
    DatabaseOptions database,
    ILogger<ConversationWriter> logger) : IHostedService, IDisposable
{
    private const int MaxBatch = 256;
    private const int MaxAttempts = 8;

    private readonly Channel<ConversationCommand> _queue = System.Threading.Channels.Channel.CreateBounded<ConversationCommand>(
        new BoundedChannelOptions(20_000) { SingleReader = database.ConversationWriters == 1, FullMode = BoundedChannelFullMode.Wait });

    private readonly IWriteBatchHook[] _hooks = [.. hooks];
    private readonly Lock _commitOrder = new();
    private Thread[] _threads = [];

    /// <summary>Queues a command and waits until it has committed (or was refused).</summary>
    public async Task<TResult> ExecuteAsync<TResult>(ConversationCommand<TResult> command, CancellationToken cancellationToken = default)
    {
        if (!_queue.Writer.TryWrite(command))
        {
            await _queue.Writer.WriteAsync(command, cancellationToken);
        }

        // Not cancelled by the caller once queued: the command may already be committing.
        return await command.Completion;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _threads = [.. Enumerable.Range(1, database.ConversationWriters)
            .Select(n => new Thread(Run) { IsBackground = true, Name = $"kefudesk-conversation-writer-{n}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // Finish what was accepted, then stop.
        _queue.Writer.TryComplete();
        return Task.Run(() =>
        {
            var until = DateTime.UtcNow.AddSeconds(10); // ten seconds for all of them together
            foreach (var thread in _threads)
            {
                var left = until - DateTime.UtcNow;
                thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
        }, cancellationToken);
    }

    public void Dispose() => _queue.Writer.TryComplete();

    private void Run()
    {
        var reader = _queue.Reader;
        var batch = new List<ConversationCommand>(MaxBatch);
        while (WaitForWork(reader))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var command))
            {
                batch.Add(command);
            }

            if (batch.Count == 0)
            {
                continue; // another writer thread took what woke this one
            }

            if (!TryCommit(batch, out var failure) && batch.Count > 1)
            {
                // One bad command (a conflict with another node) must not sink the others. Constraint
                // refusals are expected here, so they are not worth a warning.
                logger.Log(failure is DbUpdateException or KefuDeskException ? LogLevel.Debug : LogLevel.Warning, failure,
                    "Batch of {Count} failed to commit; retrying one by one", batch.Count);
                foreach (var command in batch)
                {
                    CommitAlone(command);
                }
            }
            else if (failure is not null)
            {
                CommitAlone(batch[0]);
            }

            batch.Clear();
        }
    }

    private static bool WaitForWork(ChannelReader<ConversationCommand> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void CommitAlone(ConversationCommand command)
    {
        List<ConversationCommand> single = [command];
        Exception? failure = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (TryCommit(single, out failure))
            {
                return;
            }

            if (failure is KefuDeskException refused)
            {
                // The stored-text guard said no: a refusal of this command, not a conflict worth retrying.
                command.Fail(refused);
                return;
            }

            // A unique-index or version conflict means another node got there first: reload and retry.
            // Anything else (a bug, a lost connection) ends as a clear "storage unavailable" after the last try.
            Thread.Sleep(Random.Shared.Next(1, 5 * attempt));
        }

        logger.LogError(failure, "Command {Command} failed after {Attempts} attempts", command.GetType().Name, MaxAttempts);
        command.Fail(new KefuDeskException(KefuDeskError.StorageUnavailable));
    }

    private bool TryCommit(List<ConversationCommand> commands, out Exception? failure)
    {
        failure = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var plan = new WriteBatchPlan();
            foreach (var command in commands)
            {
                command.Declare(plan);
            }

            using var db = dbFactory.CreateDbContext();
            db.Database.AutoSavepointsEnabled = false; // one transaction, no savepoint round trips
            using var transaction = db.Database.BeginTransaction();
            var batch = WriteBatch.Load(db, clock.GetUtcNow().UtcDateTime, plan);
            foreach (var command in commands)
            {
                command.Apply(batch);
            }

            foreach (var hook in _hooks)
            {
                hook.BeforeCommit(batch);
            }

            db.SaveChanges();
            lock (_commitOrder)
            {
                transaction.Commit();
                events.Publish(batch.TrackedConversations.SelectMany(c => c.TakeEvents()).Concat(batch.Republished).ToList());
            }

            foreach (var hook in _hooks)
            {
                hook.AfterCommit();
            }

            foreach (var command in commands)
            {
                command.Commit();
            }

            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("Committed {Count} commands in {Elapsed} ms", commands.Count,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return true;
        }
        catch (Exception ex)
        {
            foreach (var command in commands)
            {
                command.Reset();
            }

            failure = ex;
            return false;
        }
    }
}
