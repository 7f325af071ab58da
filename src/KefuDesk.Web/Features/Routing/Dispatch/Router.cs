using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Routing.Agents;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Jobs;
using KefuDesk.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.Routing.Dispatch;

/// <summary>A buyer waiting for an agent, in queue order.</summary>
public sealed record Waiting(Guid Id, Guid ShopId, Guid CustomerId, Guid? GroupId, ConversationStatus Status, DateTime WaitingSince,
    DateTime? GroupSince, Guid? PassedOverAgentId, Channel Channel);

/// <summary>
/// Gives waiting buyers to agents. One node at a time holds the routing lease and makes every
/// automatic decision, in queue order (VIP first, then longest waiting), so no agent is chosen twice
/// for one free seat; the writer's seat guard still refuses anything over a limit. Each pass also
/// re-routes conversations of agents who went offline or did not answer, sends "please wait"
/// replies, moves timed-out queues on, and tells waiting buyers their place.
/// </summary>
public sealed class Router(
    IDbContextFactory<KefuDeskDbContext> dbFactory,
    TimeProvider clock,
    ConversationWriter writer,
    QueueNotices notices,
    WorkspaceFeed feed,
    IOptions<RoutingOptions> options,
    ILogger<Router> log) : LeasedJob(dbFactory, clock, log)
{
    /// <summary>Passes woken by activity are at least this far apart, so a rush is routed in batches.</summary>
    private static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(50);

    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// A pass runs every interval, and sooner when a buyer writes into an unassigned conversation or a
    /// conversation changes anywhere in the cluster (the workspace feed crosses nodes), so a buyer is
    /// greeted within moments rather than at the next tick.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = options.Value.WakeOnActivity
            ? feed.Subscribe(notice =>
            {
                if (notice.Kind == WorkspaceNoticeKind.ConversationChanged || (notice.Kind == WorkspaceNoticeKind.MessageCreated && notice.AssigneeId is null))
                {
                    _wake.TrySetResult();
                }

                return Task.CompletedTask;
            })
            : null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = _wake;
            await Task.WhenAny(wake.Task, Task.Delay(Interval, Clock, stoppingToken));
            stoppingToken.ThrowIfCancellationRequested();
            Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            await RunIfHolderAsync(stoppingToken);
            await Task.Delay(MinGap, stoppingToken);
        }
    }

    /// <summary>At most this many waiting buyers are considered in one pass (the rest wait for the next).</summary>
    public const int MaxPerPass = 20_000;

    protected override string Name => "routing";

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Max(100, options.Value.PassMilliseconds));

    /// <summary>Decisions taken by the last pass (for the benchmark and the board).</summary>
    public PassResult LastPass { get; private set; } = PassResult.Idle;

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var now = Clock.GetUtcNow().UtcDateTime;
        List<Waiting> waiting;
        List<Assigned> open;
        RoutingPicture picture;
        Dictionary<(Guid, Guid), (Guid AgentId, DateTime At)> lastAgents;
        Dictionary<Guid, int> recentlyAssigned;
        await using (var db = await DbFactory.CreateDbContextAsync(ct))
        {
            waiting = await db.Conversations.AsNoTracking().AwaitingRouting()
                .OrderByDescending(c => c.QueuePriority).ThenBy(c => c.WaitingSince ?? c.CreatedAt).ThenBy(c => c.Id)
                .Take(MaxPerPass)
                .Select(c => new Waiting(c.Id, c.ShopId, c.CustomerId, c.SkillGroupId, c.Status, c.WaitingSince ?? c.CreatedAt, c.GroupSince,
                    c.PassedOverAgentId, c.Channel))
                .ToListAsync(ct);

            // Conversations an agent holds but has not answered: candidates for "please wait" and re-routing.
            open = await db.Conversations.AsNoTracking()
                .Where(c => c.Status == ConversationStatus.Open && c.AssigneeId != null && c.Channel != Channel.Phone
                            && ((c.LastCustomerMessageAt != null && (c.LastAgentReplyAt == null || c.LastAgentReplyAt < c.LastCustomerMessageAt))
                                || db.AgentSeats.Any(s => s.AgentId == c.AssigneeId && s.Status == AgentStatus.Offline)))
                .Select(c => new Assigned(c.Id, c.ShopId, c.SkillGroupId, c.AssigneeId!.Value, c.AssignedAt, c.LastCustomerMessageAt,
                    c.LastAgentReplyAt, c.WaitNoticeAt, c.Channel,
                    db.AgentSeats.Any(s => s.AgentId == c.AssigneeId && s.Status == AgentStatus.Offline),
                    db.AgentSeats.Any(s => s.AgentId == c.AssigneeId && (s.Status == AgentStatus.Away || s.Status == AgentStatus.Break)),
                    db.Users.Where(u => u.Id == c.AssigneeId).Select(u => u.Nickname).FirstOrDefault()))
                .ToListAsync(ct);

            var shops = waiting.Select(w => w.ShopId).Concat(open.Select(o => o.ShopId)).Distinct().ToList();
            if (shops.Count == 0)
            {
                LastPass = PassResult.Idle;
                return;
            }

            picture = await RoutingPicture.LoadAsync(db, shops, now, ct);
            lastAgents = await LastAgentsAsync(db, picture, waiting, now, ct);
            var groupIds = waiting.Where(w => w.GroupId is not null).Select(w => w.GroupId!.Value).Distinct().ToList();
            var since = now - ThroughputWindow;
            recentlyAssigned = await db.Conversations.AsNoTracking()
                .Where(c => c.SkillGroupId != null && groupIds.Contains(c.SkillGroupId.Value) && c.AssignedAt >= since)
                .GroupBy(c => c.SkillGroupId!.Value)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        }

        var read = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var commands = new List<RoutingCommand>();
        commands.AddRange(Reroutes(open, picture, now));
        var (assigned, stillWaiting) = Distribute(waiting, picture, lastAgents, now, commands);
        commands.AddRange(WaitNotices(open, picture, now));
        var decided = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var (refused, commitTimes) = await ExecuteAsync(commands, ct);
        LastPass = new PassResult(waiting.Count, assigned, stillWaiting.Count, refused)
        {
            Decisions = commands.Count,
            ReadTime = read,
            DecideTime = decided - read,
            Total = System.Diagnostics.Stopwatch.GetElapsedTime(started),
            CommitTimes = commitTimes,
        };
        await notices.TellAsync(Places(stillWaiting, recentlyAssigned), ct);
    }

    /// <summary>How far back the group's pace of assignments is measured for the estimated wait.</summary>
    public static readonly TimeSpan ThroughputWindow = TimeSpan.FromMinutes(30);

    private (int Assigned, List<Waiting> StillWaiting) Distribute(List<Waiting> waiting, RoutingPicture picture,
        Dictionary<(Guid, Guid), (Guid AgentId, DateTime At)> lastAgents, DateTime now, List<RoutingCommand> commands)
    {
        var assigned = 0;
        var stillWaiting = new List<Waiting>();
        var places = new Dictionary<(Guid, Guid?), int>();
        var lastServed = new Dictionary<Guid, Guid>(); // round robin within this pass
        var full = new HashSet<(Guid, Guid?)>();
        foreach (var w in waiting)
        {
            var group = picture.Group(w.GroupId);
            if (!picture.IsOpen(w.ShopId, group, now))
            {
                commands.Add(new LeaveAsMessage(w.Id, Text(group?.AfterHoursReply, "Routing.AfterHours")));
                continue;
            }

            // Once nobody in a group has room, the buyers behind in that group need not be looked at one by one.
            if (!full.Contains((w.ShopId, w.GroupId)) && Choose(w, group, picture, lastAgents, lastServed, now) is { } agent)
            {
                agent.Took(now);
                if (group is not null)
                {
                    lastServed[group.Id] = agent.AgentId;
                }

                assigned++;
                var greeting = w.Channel == Channel.Email ? "" : Text(group?.Greeting, "Routing.Greeting");
                commands.Add(new AssignByRouting(w.Id, agent.AgentId, group?.Id, greeting, agent.Nickname));
                continue;
            }

            full.Add((w.ShopId, w.GroupId));
            var place = places[(w.ShopId, w.GroupId)] = places.GetValueOrDefault((w.ShopId, w.GroupId)) + 1;
            if (group is { QueueTimeoutSeconds: > 0 } && now - (w.GroupSince ?? w.WaitingSince) >= TimeSpan.FromSeconds(group.QueueTimeoutSeconds))
            {
                commands.Add(group.OverflowGroupId is { } overflow
                    ? new OverflowConversation(w.Id, group.Id, overflow)
                    : new LeaveAsMessage(w.Id, Text(group.AfterHoursReply, "Routing.QueueTimedOut")));
                continue;
            }

            if (w.Status == ConversationStatus.New)
            {
                // Nobody at all on duty for the buyer: a place in a queue would promise what no one keeps.
                // They are told their words are kept until someone comes online (a 留言).
                var nobody = picture.Tiers(w.ShopId, group).All(t => t.Count == 0);
                var reply = w.Channel == Channel.Email ? ""
                    : nobody ? ShopText.Get("Routing.Unstaffed")
                    : Text(group?.BusyReply, "Routing.Busy").Replace("{0}", place.ToString(System.Globalization.CultureInfo.InvariantCulture));
                commands.Add(new EnqueueConversation(w.Id, reply, nobody ? "unstaffed" : "busy"));
            }

            stillWaiting.Add(w);
        }

        return (assigned, stillWaiting);
    }

    private static Candidate? Choose(Waiting w, SkillGroup? group, RoutingPicture picture,
        Dictionary<(Guid, Guid), (Guid AgentId, DateTime At)> lastAgents, Dictionary<Guid, Guid> lastServed, DateTime now)
    {
        var tiers = picture.Tiers(w.ShopId, group);
        if (group is { StickyDays: > 0 } && lastAgents.TryGetValue((w.ShopId, w.CustomerId), out var last)
            && now - last.At <= TimeSpan.FromDays(group.StickyDays)
            && tiers.SelectMany(t => t).FirstOrDefault(c => c.AgentId == last.AgentId && c.HasRoom) is { } returning)
        {
            return returning;
        }

        // The agent who let the buyer go is offered them again only when nobody else, in any tier, has room.
        foreach (var skip in w.PassedOverAgentId is { } passed ? new Guid?[] { passed, null } : [null])
        {
            foreach (var tier in tiers)
            {
                var withRoom = tier.Where(c => c.HasRoom && c.AgentId != skip).ToList();
                if (withRoom.Count > 0)
                {
                    return Distribution.Choose(group?.Strategy ?? DistributionStrategy.Balanced, withRoom,
                        group is null ? null : lastServed.TryGetValue(group.Id, out var l) ? l : group.LastAgentId);
                }
            }
        }

        return null;
    }

    private IEnumerable<RoutingCommand> Reroutes(List<Assigned> open, RoutingPicture picture, DateTime now)
    {
        foreach (var o in open)
        {
            var group = picture.Group(o.GroupId);
            if (o.AgentOffline && (group?.RerouteWhenOffline ?? true))
            {
                yield return new RerouteConversation(o.Id, o.AgentId, RerouteReason.AgentOffline);
            }
            else if (group is { AnswerTimeoutSeconds: > 0 } && o.AssignedAt is { } assignedAt && (o.LastAgentReplyAt is null || o.LastAgentReplyAt < assignedAt)
                     && o.LastCustomerMessageAt is not null && now - assignedAt >= TimeSpan.FromSeconds(group.AnswerTimeoutSeconds))
            {
                yield return new RerouteConversation(o.Id, o.AgentId, RerouteReason.NoAnswer);
            }
        }
    }

    private IEnumerable<RoutingCommand> WaitNotices(List<Assigned> open, RoutingPicture picture, DateTime now)
    {
        // "客服正在为您查询" claims someone is looking: not while the agent is away, on a break or offline.
        foreach (var o in open.Where(o => !o.AgentOffline && !o.AgentAway && o.Channel != Channel.Email && o.LastCustomerMessageAt is not null))
        {
            var group = picture.Group(o.GroupId);
            var after = group?.WaitNoticeSeconds ?? 60;
            var wrote = o.LastCustomerMessageAt!.Value;
            if (after > 0 && now - wrote >= TimeSpan.FromSeconds(after) && !(o.WaitNoticeAt >= wrote) && !(o.LastAgentReplyAt >= wrote)
                && !(group is { AnswerTimeoutSeconds: > 0 } && o.AssignedAt is { } at && (o.LastAgentReplyAt is null || o.LastAgentReplyAt < at)
                     && now - at >= TimeSpan.FromSeconds(group.AnswerTimeoutSeconds)))
            {
                yield return new SendWaitNotice(o.Id, wrote, Text(group?.WaitNotice, "Routing.WaitNotice"), o.Nickname);
            }
        }
    }

    private async Task<(int Refused, IReadOnlyList<TimeSpan> CommitTimes)> ExecuteAsync(List<RoutingCommand> commands, CancellationToken ct)
    {
        var refused = 0;
        var times = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();
        foreach (var chunk in commands.Chunk(1000))
        {
            var runs = chunk.Select(async c =>
            {
                var submitted = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    var done = await writer.ExecuteAsync(c, ct);
                    times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(submitted));
                    return done;
                }
                catch (KefuDeskException ex)
                {
                    // Another node's manual transfer filled the seat, or the buyer's conversation moved on: next pass.
                    log.LogDebug("Routing decision {Command} for {Conversation} refused: {Code}", c.GetType().Name, c.ConversationId, ex.Error.Code);
                    return false;
                }
            }).ToList();
            refused += (await Task.WhenAll(runs)).Count(ok => !ok);
        }

        return (refused, [.. times]);
    }

    private static IEnumerable<QueuePlace> Places(List<Waiting> stillWaiting, Dictionary<Guid, int> recentlyAssigned) =>
        stillWaiting.GroupBy(w => (w.ShopId, w.GroupId)).SelectMany(g => g.Select((w, i) =>
        {
            var pace = g.Key.GroupId is { } id ? recentlyAssigned.GetValueOrDefault(id) : 0;
            return new QueuePlace(w.Id, w.ShopId, w.CustomerId, i + 1, QueuePlaces.Estimate(i + 1, pace));
        }));

    private static async Task<Dictionary<(Guid, Guid), (Guid AgentId, DateTime At)>> LastAgentsAsync(KefuDeskDbContext db, RoutingPicture picture,
        List<Waiting> waiting, DateTime now, CancellationToken ct)
    {
        var sticky = waiting.Where(w => picture.Group(w.GroupId) is { StickyDays: > 0 }).ToList();
        if (sticky.Count == 0)
        {
            return [];
        }

        var days = sticky.Max(w => picture.Group(w.GroupId)!.StickyDays);
        var since = now - TimeSpan.FromDays(days);
        var customers = sticky.Select(w => w.CustomerId).Distinct().ToList();
        var served = await db.Conversations.AsNoTracking()
            .Where(c => customers.Contains(c.CustomerId) && c.AssigneeId != null && c.LastAgentReplyAt >= since)
            .Select(c => new { c.ShopId, c.CustomerId, AgentId = c.AssigneeId!.Value, At = c.LastAgentReplyAt!.Value })
            .ToListAsync(ct);
        return served.GroupBy(s => (s.ShopId, s.CustomerId)).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.At).Select(s => (s.AgentId, s.At)).First());
    }

    private static string Text(string? own, string fallbackKey) => string.IsNullOrWhiteSpace(own) ? ShopText.Get(fallbackKey) : own;

    private sealed record Assigned(Guid Id, Guid ShopId, Guid? GroupId, Guid AgentId, DateTime? AssignedAt, DateTime? LastCustomerMessageAt,
        DateTime? LastAgentReplyAt, DateTime? WaitNoticeAt, Channel Channel, bool AgentOffline, bool AgentAway, string? Nickname);
}

/// <summary>What a pass saw and did: buyers considered, given to agents, still waiting, decisions refused by the writer; and how long it took.</summary>
public sealed record PassResult(int Considered, int Assigned, int Waiting, int Refused)
{
    public static readonly PassResult Idle = new(0, 0, 0, 0);

    /// <summary>Commands issued: assignments, queue entries, re-routes, automatic replies.</summary>
    public int Decisions { get; init; }

    public TimeSpan ReadTime { get; init; }
    public TimeSpan DecideTime { get; init; }
    public TimeSpan Total { get; init; }

    /// <summary>For each command, from submission to the writer until its transaction committed.</summary>
    public IReadOnlyList<TimeSpan> CommitTimes { get; init; } = [];
}
