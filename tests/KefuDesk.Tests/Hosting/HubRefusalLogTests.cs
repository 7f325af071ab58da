using System.Security.Claims;
using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KefuDesk.Tests.Hosting;

/// <summary>A node whose log the test reads: refusal lines at information level pass, at most 5 per code and minute.</summary>
public sealed class RefusalLoggingApp() : AppFixture(DatabaseProvider.Sqlite, ManualClock.StartingNow(), new Dictionary<string, string?>
{
    ["Logging:LogLevel:KefuDesk"] = "Information",
    ["KefuDesk:RefusalLogLinesPerMinute"] = "5",
}, new LogCapture());

/// <summary>A buyer repeating a refused hub call cannot flood the log: refusals are one information line each, rate-limited.</summary>
public sealed class HubRefusalLogTests(RefusalLoggingApp fx) : IClassFixture<RefusalLoggingApp>
{
    [Fact]
    public async Task A_hundred_refused_calls_log_no_error_and_five_lines_then_one_warning_with_what_was_left_out()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var hub = buyer.Hub();
        await hub.StartReadyAsync();
        var logs = fx.Logs!;
        var before = logs.Lines.Count;

        for (var i = 0; i < 100; i++)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<MessagePage>("GetMessagesAfter", Guid.NewGuid(), 0L));
            Assert.Equal("conversation_not_found", HubRefusal.Parse(refused.Message)?.Code); // what the client sees is a refusal, as always
        }

        var lines = logs.Lines.Skip(before).ToList();
        Assert.DoesNotContain(lines, l => l.Level >= LogLevel.Error);
        var refusals = lines.Where(l => l.EventName == "HubCallRefused").ToList();
        Assert.Equal(5, refusals.Count);
        Assert.All(refusals, l =>
        {
            Assert.Equal(LogLevel.Information, l.Level);
            Assert.Null(l.Exception); // one line, no stack trace
            Assert.Contains("GetMessagesAfter refused: conversation_not_found", l.Message, StringComparison.Ordinal);
        });

        // The first refusal of the next minute is logged, with one warning counting the 95 left out.
        fx.Clock!.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<MessagePage>("GetMessagesAfter", Guid.NewGuid(), 0L));
        lines = [.. logs.Lines.Skip(before)];
        var leftOut = Assert.Single(lines, l => l.EventName == "HubRefusalsLeftOut");
        Assert.Equal(LogLevel.Warning, leftOut.Level);
        Assert.StartsWith("95 more hub calls refused with conversation_not_found", leftOut.Message, StringComparison.Ordinal);
        Assert.Equal(6, lines.Count(l => l.EventName == "HubCallRefused"));
        Assert.DoesNotContain(lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_fault_in_a_hub_method_is_still_an_error_with_its_stack_trace()
    {
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var filter = new HubErrorFilter(new NoText(), new HubRefusalLog(TimeProvider.System, Options.Create(new KefuDeskOptions()),
            factory.CreateLogger<HubRefusalLog>()), factory.CreateLogger<HubErrorFilter>());
        var call = new HubInvocationContext(new Caller(), new EmptyServices(), new Probe(), typeof(Probe).GetMethod(nameof(Probe.Work))!, []);

        var fault = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await filter.InvokeMethodAsync(call, _ => throw new InvalidOperationException("bug")));
        var refusal = await Assert.ThrowsAsync<HubException>(async () =>
            await filter.InvokeMethodAsync(call, _ => throw new KefuDeskException(KefuDeskError.ConversationClosed)));

        var error = Assert.Single(logs.Lines, l => l.Level == LogLevel.Error);
        Assert.Same(fault, error.Exception);
        Assert.Equal("HubMethodFailed", error.EventName);
        Assert.Equal(new HubRefusal("conversation_closed", "Error.conversation_closed", null, null), HubRefusal.Parse(refusal.Message));
        var info = Assert.Single(logs.Lines, l => l.Level == LogLevel.Information);
        Assert.Null(info.Exception);
    }

    private sealed class Probe : Hub
    {
        public void Work()
        {
        }
    }

    private sealed class Caller : HubCallerContext
    {
        public override string ConnectionId => "test-connection";
        public override string? UserIdentifier => null;
        public override ClaimsPrincipal? User => null;
        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    private sealed class NoText : IStringLocalizer<SharedResource>
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, name);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
