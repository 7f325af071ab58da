using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Jobs;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KefuDesk.Tests.Hosting;

/// <summary>
/// A cluster job runs on one node at a time even when a pass outlasts its lease (a rush on a busy
/// machine): the holder renews the lease while the pass runs, so no other node starts a pass beside it.
/// </summary>
public abstract class LeasedJobTests(AppFixture fx)
{
    private sealed class SlowJob(IDbContextFactory<KefuDeskDbContext> db, TimeProvider clock, string name)
        : LeasedJob(db, clock, NullLogger.Instance)
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override string Name => name;

        protected override TimeSpan Interval => TimeSpan.FromMilliseconds(50);

        public override async Task RunOnceAsync(CancellationToken ct)
        {
            Started.TrySetResult();
            await Release.Task.WaitAsync(ct);
        }

        public Task PassAsync() => RunIfHolderAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_pass_longer_than_the_lease_keeps_it_and_another_node_takes_it_only_after_the_pass()
    {
        var clock = fx.Clock!;
        var dbFactory = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>();
        var name = "test-slow-" + Guid.NewGuid().ToString("N")[..12];
        var nodeA = new SlowJob(dbFactory, clock, name);
        var nodeB = new SlowJob(dbFactory, clock, name);

        var pass = nodeA.PassAsync();
        await nodeA.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Well past the lease the pass began with (three intervals): only a renewal during the pass keeps it.
        clock.Advance(TimeSpan.FromSeconds(10));
        var lapsedAt = clock.GetUtcNow().UtcDateTime;
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return (await db.JobLeases.AsNoTracking().SingleAsync(l => l.Name == name)).ExpiresAt > lapsedAt;
        }, TimeSpan.FromSeconds(30));
        Assert.False(await nodeB.TryHoldLeaseAsync(CancellationToken.None));
        await nodeB.PassAsync();
        Assert.False(nodeB.Started.Task.IsCompleted); // B ran no pass beside A's

        nodeA.Release.SetResult();
        await pass;

        // The pass is over and A renews no more: once the lease runs out, B takes the job over.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await nodeB.TryHoldLeaseAsync(CancellationToken.None));
        Assert.False(await nodeA.TryHoldLeaseAsync(CancellationToken.None));
    }
}

public sealed class LeasedJobTests_Sqlite(ClockedSqliteApp fx) : LeasedJobTests(fx), IClassFixture<ClockedSqliteApp>;

public sealed class LeasedJobTests_Postgres(ClockedPostgresApp fx) : LeasedJobTests(fx), IClassFixture<ClockedPostgresApp>;
