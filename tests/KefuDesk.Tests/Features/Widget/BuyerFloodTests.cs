using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Widget;

/// <summary>A buyer (or a script) flooding the shop is slowed down with a clear error, on a clock the test moves.</summary>
public abstract class BuyerFloodTests(AppFixture fx)
{
    [Fact]
    public async Task After_a_burst_of_ten_the_buyer_is_refused_until_the_bucket_refills()
    {
        var guard = fx.App.Services.GetRequiredService<BuyerFloodGuard>();
        using var buyer = await fx.NewBuyerAsync();
        for (var i = 0; i < guard.BurstSize; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = $"f-{i}", body = $"第{i}条" })).StatusCode);
        }

        var refused = await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "f-x", body = "刷屏" });
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_messages");
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());

        var hub = buyer.Hub();
        await hub.StartReadyAsync();
        var fromHub = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<MessageView>("SendMessage", new { clientMessageId = "f-hub", body = "还在刷" }));
        var refusal = HubRefusal.Parse(fromHub.Message);
        Assert.Equal("too_many_messages", refusal?.Code);
        Assert.Equal(1, refusal?.RetryAfter);

        fx.Clock!.Advance(guard.RefillEvery);
        Assert.Equal(HttpStatusCode.OK, (await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "f-later", body = "过一会儿再发" })).StatusCode);
        await hub.DisposeAsync();

        // Another buyer is not affected.
        using var other = await fx.NewBuyerAsync();
        Assert.Equal(HttpStatusCode.OK, (await other.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "o-1", body = "我只发一条" })).StatusCode);
    }
}

public sealed class BuyerFloodTests_Sqlite(ClockedSqliteApp fx) : BuyerFloodTests(fx), IClassFixture<ClockedSqliteApp>;
