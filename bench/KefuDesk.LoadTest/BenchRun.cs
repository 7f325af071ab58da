using System.Diagnostics;

namespace KefuDesk.LoadTest;

/// <summary>
/// One run: make agents, connect buyers, have every buyer start a conversation and the agents
/// claim them round-robin (so each later message has exactly one rightful recipient), then drive
/// the load, drain, and report.
/// </summary>
public sealed class BenchRun(BenchOptions o) : IAsyncDisposable
{
    // Short and random: agent names and message ids of this run never collide with an earlier run's.
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
    private readonly List<AgentClient> _agents = [];
    private BuyerClient[] _buyers = [];
    private long _connectionsLost;
    private AgentReplies _replies = null!;
    private HttpClient? _admin;

    public async Task<BenchResult> RunAsync(CancellationToken ct)
    {
        var capacity = (int)Math.Min(int.MaxValue - 1, o.Rate * (o.WarmupSeconds + o.DurationSeconds + 1) * 1.05 + 1024);
        var log = new MessageLog(_tag, capacity);
        _replies = new AgentReplies(_tag, o.ReplyEvery);
        using var http = Http.Client(o.Url);

        var clock = Stopwatch.StartNew();
        var shop = (await Http.PostAsync<WidgetSession>(http, "api/widget/sessions", new WidgetSessionRequest(o.ShopKey, null), ct)).Shop;
        await StartAgentsAsync(http, shop.Id, log, ct);
        var agentsSeconds = Lap(clock);
        Say($"{_agents.Count} agents connected ({agentsSeconds:0.0} s); connecting {o.Buyers} buyers, {o.ConnectConcurrency} at a time");

        await StartBuyersAsync(http, ct);
        var buyersSeconds = Lap(clock);
        Say($"{o.Buyers} buyers connected in {buyersSeconds:0.0} s; each sends its first message");

        await FirstMessagesAsync(ct);
        var firstSeconds = Lap(clock);
        var expected = await ClaimAsync(ct);
        var claimSeconds = Lap(clock);
        Say($"first messages {firstSeconds:0.0} s, claims {claimSeconds:0.0} s; driving {o.Rate} msg/s for {o.WarmupSeconds} s warm-up + {o.DurationSeconds} s");

        var driver = new LoadDriver(_buyers, expected, log, Body(o.BodyLength), o);
        using var driving = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reconnects = ReconnectAsync(driving.Token);
        var drive = await Task.Factory.StartNew(() => driver.Run(ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await driving.CancelAsync();
        var reconnected = await reconnects;
        await DrainAsync(log, ct);

        return BenchResult.From(o, new SetupTimes(agentsSeconds, buyersSeconds, firstSeconds, claimSeconds), drive, log,
            Interlocked.Read(ref _connectionsLost), new Churn(_replies.Sent, _replies.Failed, reconnected.Done, reconnected.Failed, _replies.ErrorSamples));
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_buyers.Where(b => b is not null), new ParallelOptions { MaxDegreeOfParallelism = o.ConnectConcurrency },
            async (b, _) => await b.DisposeAsync());
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        _admin?.Dispose();
    }

    private async Task StartAgentsAsync(HttpClient http, Guid shopId, MessageLog log, CancellationToken ct)
    {
        var admin = _admin = Http.Client(o.Url);
        var me = await Http.PostAsync<StaffMe>(admin, "api/auth/sign-in", new SignInRequest(o.AdminUser, o.AdminPassword), ct);
        if (!me.ShopIds.Contains(shopId))
        {
            throw new InvalidOperationException($"{o.AdminUser} does not serve the shop of widget key '{o.ShopKey}'");
        }

        // A few at a time: each creation and sign-in hashes a password, which is meant to be slow.
        var agents = new AgentClient[o.Agents];
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Agents), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (i, token) => agents[i] = await AgentClient.StartAsync(o.Url, admin, _tag, i, shopId, BenchOptions.MaxReceptionLimit, log,
                _replies, token));
        foreach (var agent in agents)
        {
            agent.Connection.Closed += Lost;
            _agents.Add(agent);
        }
    }

    private async Task StartBuyersAsync(HttpClient http, CancellationToken ct)
    {
        _buyers = new BuyerClient[o.Buyers];
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Buyers),
            new ParallelOptions { MaxDegreeOfParallelism = o.ConnectConcurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var buyer = await BuyerClient.StartAsync(o.Url, http, o.ShopKey, i, token);
                buyer.Lost = Lost;
                _buyers[i] = buyer;
            });
    }

    /// <summary>Starts every buyer's conversation; these messages go to the shop's pool, not into the figures.</summary>
    private Task FirstMessagesAsync(CancellationToken ct) =>
        Parallel.ForEachAsync(_buyers, new ParallelOptions { MaxDegreeOfParallelism = o.ConnectConcurrency, CancellationToken = ct },
            async (b, token) =>
            {
                var stored = await b.SendAsync($"{_tag}-w{b.Index}", "你好,在吗?我想问一下订单的事。", token);
                b.ConversationId = stored.ConversationId;
            });

    /// <summary>Agent i claims the conversations of buyers i, i+M, i+2M, …; returns each buyer's agent index.</summary>
    private async Task<int[]> ClaimAsync(CancellationToken ct)
    {
        var expected = new int[_buyers.Length];
        await Parallel.ForEachAsync(_agents, new ParallelOptions { MaxDegreeOfParallelism = _agents.Count, CancellationToken = ct },
            async (agent, token) =>
            {
                for (var b = agent.Index; b < _buyers.Length; b += _agents.Count)
                {
                    expected[b] = await ClaimForAsync(_buyers[b].ConversationId!.Value, agent.Index, token);
                }
            });
        return expected;
    }

    /// <summary>
    /// The preferred agent claims the conversation. Routing runs meanwhile, as on a real node: if it
    /// seated the conversation with one of the run's agents first, that agent is its recipient; if it
    /// filled the preferred agent's seat, the next agent with room claims it.
    /// </summary>
    private async Task<int> ClaimForAsync(Guid conversation, int preferred, CancellationToken ct)
    {
        for (var i = 0; i < _agents.Count; i++)
        {
            var agent = _agents[(preferred + i) % _agents.Count];
            try
            {
                var assignment = await agent.ClaimAsync(conversation, ct);
                return assignment.AgentId == agent.Id
                    ? agent.Index
                    : throw new InvalidOperationException($"claim of {conversation} went to {assignment.AgentId}, not {agent.Id}");
            }
            catch (Microsoft.AspNetCore.SignalR.HubException e) when (e.Message.Contains("\"conversation_taken\"", StringComparison.Ordinal))
            {
                return await HolderAsync(conversation, ct);
            }
            catch (Microsoft.AspNetCore.SignalR.HubException e) when (e.Message.Contains("\"reception_limit_reached\"", StringComparison.Ordinal))
            {
            }
        }

        throw new InvalidOperationException($"no agent of this run has room for conversation {conversation}");
    }

    private async Task<int> HolderAsync(Guid conversationId, CancellationToken ct)
    {
        var summary = await Http.GetAsync<ConversationSummary>(_admin!, $"api/conversations/{conversationId}", ct);
        var index = _agents.FindIndex(a => a.Id == summary.AssigneeId);
        return index >= 0 ? index : throw new InvalidOperationException($"conversation {conversationId} is held by {summary.AssigneeId}, not an agent of this run");
    }

    /// <summary>
    /// Buyers close and reopen their connections at the asked pace, round robin, while the load runs
    /// (a reload, a dropped mobile network); their slots meanwhile are skipped, as a real buyer's would be.
    /// </summary>
    private async Task<(long Done, long Failed)> ReconnectAsync(CancellationToken ct)
    {
        if (o.ReconnectsPerMinute <= 0)
        {
            return (0, 0);
        }

        long done = 0, failed = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1.0 / o.ReconnectsPerMinute));
        var next = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var buyer = _buyers[next++ % _buyers.Length];
                try
                {
                    await buyer.ReconnectAsync(ct);
                    done++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed++;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return (done, failed);
    }

    /// <summary>Waits (up to the drain time) for acknowledgements and deliveries still on their way.</summary>
    private async Task DrainAsync(MessageLog log, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(o.DrainSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until && !ct.IsCancellationRequested)
        {
            var pending = 0;
            for (var i = 0; i < log.Count && pending == 0; i++)
            {
                ref var e = ref log[i];
                pending += e.FailedAt == 0 && (Volatile.Read(ref e.AckedAt) == 0 || Volatile.Read(ref e.DeliveredAt) == 0) ? 1 : 0;
            }

            if (pending == 0)
            {
                return;
            }

            await Task.Delay(50, ct);
        }
    }

    private Task Lost(Exception? _)
    {
        Interlocked.Increment(ref _connectionsLost);
        return Task.CompletedTask;
    }

    private static double Lap(Stopwatch clock)
    {
        var seconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
        clock.Restart();
        return seconds;
    }

    /// <summary>A buyer's question, Chinese like the real traffic, cut or repeated to the asked length.</summary>
    private static string Body(int length)
    {
        const string text = "你好,我昨天下的订单什么时候发货?能不能帮我改一下收货地址,谢谢! ";
        return string.Concat(Enumerable.Repeat(text, length / text.Length + 1))[..length];
    }

    private static void Say(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
}
