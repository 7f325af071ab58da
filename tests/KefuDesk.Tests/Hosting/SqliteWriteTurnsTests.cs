using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Hosting;

/// <summary>
/// On SQLite the node's own writers take turns in memory instead of meeting at SQLite's lock (where
/// the driver retries only after a fixed 150 ms sleep). Whatever way a write ends, the next one gets
/// its turn.
/// </summary>
public sealed class SqliteWriteTurnsTests(SqliteApp fx) : IClassFixture<SqliteApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private SqliteWriteGate Gate => fx.App.Services.GetRequiredService<SqliteWriteGate>();

    private KefuDeskDbContext Db() => fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();

    private Task<int> Rename(KefuDeskDbContext db, string name) =>
        db.Shops.Where(s => s.Id == fx.World.Shop.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, name));

    private async Task<string> ShopName()
    {
        await using var db = Db();
        return await db.Shops.Where(s => s.Id == fx.World.Shop.Id).Select(s => s.Name).SingleAsync();
    }

    [Fact]
    public async Task Every_connection_has_SQLites_own_busy_handler_for_writers_in_other_processes()
    {
        for (var i = 0; i < 3; i++) // pooled contexts and pooled connections alike
        {
            await using var db = Db();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout;";
            Assert.True(Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1000);
            await db.Database.CloseConnectionAsync(); // opened by hand, closed by hand: a pooled context keeps it open otherwise
        }
    }

    [Fact]
    public async Task A_second_writer_waits_for_its_turn_and_goes_as_soon_as_the_first_commits()
    {
        await using var first = Db();
        await using var second = Db();
        var transaction = await first.Database.BeginTransactionAsync();
        await Rename(first, "第一笔");

        var waiting = Rename(second, "第二笔");
        await Eventually.TrueAsync(() => Task.FromResult(Gate.Waiting >= 1), Patience);
        Assert.False(waiting.IsCompleted);

        await transaction.CommitAsync();
        Assert.Equal(1, await waiting.WaitAsync(Patience));
        Assert.Equal("第二笔", await ShopName());
    }

    [Fact]
    public async Task A_transaction_dropped_without_commit_or_rollback_lets_the_next_writer_in()
    {
        await using var first = Db();
        var transaction = await first.Database.BeginTransactionAsync();
        await Rename(first, "不算数");
        await using var second = Db();
        var waiting = Rename(second, "算数");
        await Eventually.TrueAsync(() => Task.FromResult(Gate.Waiting >= 1), Patience);

        await transaction.DisposeAsync(); // as an exception thrown inside a using block leaves it

        Assert.Equal(1, await waiting.WaitAsync(Patience));
        Assert.Equal("算数", await ShopName());
    }

    [Fact]
    public async Task A_failed_save_ends_its_turn()
    {
        await using (var db = Db())
        {
            var shop = await db.Shops.AsNoTracking().SingleAsync(s => s.Id == fx.World.Shop.Id);
            db.Shops.Add(shop); // the same key again: the insert fails
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.Equal(1, await Rename(db, "失败之后同一个连接"));
        }

        await using var other = Db();
        Assert.Equal(1, await Rename(other, "失败之后另一个连接").WaitAsync(Patience));
        // Nobody is left waiting (the node's own jobs write now and then: give them their turn).
        await Eventually.TrueAsync(() => Task.FromResult(Gate.Waiting == 0), Patience);
    }
}
