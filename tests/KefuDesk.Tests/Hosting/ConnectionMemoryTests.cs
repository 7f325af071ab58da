using KefuDesk.Infrastructure.Realtime;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Hosting;

/// <summary>
/// The node knows how many hub connections it holds, and gives memory back once a large wave of
/// them has closed (bench/run.sh sqlite idle measures the memory itself).
/// </summary>
public sealed class ConnectionMemoryTests(SqliteApp fx) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_gauge_counts_buyer_and_staff_connections_as_they_open_and_close()
    {
        var gauge = fx.App.Services.GetRequiredService<ConnectionGauge>();
        var start = gauge.Open;
        using var first = await fx.NewBuyerAsync();
        using var second = await fx.NewBuyerAsync();
        await using var agent = await StaffClient.SignInAsync(fx.App, fx.World.Agent);
        await using var firstHub = first.Hub();
        await using var secondHub = second.Hub();
        await using var agentHub = agent.AgentHub();
        await firstHub.StartReadyAsync();
        await secondHub.StartReadyAsync();
        await agentHub.StartReadyAsync();
        await Eventually.TrueAsync(() => Task.FromResult(gauge.Open == start + 3), TimeSpan.FromSeconds(10));

        await firstHub.StopAsync();
        await agentHub.StopAsync();
        await Eventually.TrueAsync(() => Task.FromResult(gauge.Open == start + 1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_wave_ends_once_the_fall_stops_and_only_when_it_is_large()
    {
        var wave = new DisconnectWave();
        Assert.False(wave.Ended(5000));
        Assert.False(wave.Ended(4000)); // a fifth gone: not yet a wave
        Assert.False(wave.Ended(3000)); // a wave, but still falling
        Assert.True(wave.Ended(3000)); // over: return memory once
        Assert.False(wave.Ended(3000));
        Assert.False(wave.Ended(3500)); // buyers come back: a new peak
        Assert.False(wave.Ended(2000));
        Assert.True(wave.Ended(2100)); // rising again after the fall also ends it

        var small = new DisconnectWave();
        Assert.False(small.Ended(900));
        Assert.False(small.Ended(0));
        Assert.False(small.Ended(0)); // all of a small node closing is under the minimum
    }
}
