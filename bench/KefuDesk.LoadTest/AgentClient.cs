using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuDesk.LoadTest;

/// <summary>One agent: a staff account made for this run, signed in, on the agent hub.</summary>
public sealed class AgentClient(int index, Guid id, HubConnection connection) : IAsyncDisposable
{
    public const string Password = "Bench#2026x";

    public int Index { get; } = index;
    public Guid Id { get; } = id;
    public HubConnection Connection { get; } = connection;

    /// <summary>Creates the account (as admin), signs it in and connects; receipts go straight to the log.</summary>
    /// <param name="receptionLimit">
    /// The agent's 接待上限, raised to the most the server allows: besides the conversations it claims,
    /// the demo node's routing may hand it some of the first messages before the claims.
    /// </param>
    public static async Task<AgentClient> StartAsync(Uri baseUrl, HttpClient admin, string runTag, int index, Guid shopId,
        int receptionLimit, MessageLog log, AgentReplies replies, CancellationToken ct)
    {
        var userName = $"bench-{runTag}-{index + 1:000}";
        var created = await Http.PostAsync<AgentRow>(admin, "api/agents",
            new CreateAgentRequest(userName, $"Bench {index + 1:000}", $"B{index + 1:000}", Password, "Agent", [shopId]), ct);
        await Http.PutAsync(admin, $"api/routing/agents/{created.Id}/seat", new SeatRequest(receptionLimit, 1), ct);

        var cookies = new CookieContainer();
        StaffMe me;
        using (var http = Http.Client(baseUrl, cookies))
        {
            me = await Http.PostAsync<StaffMe>(http, "api/auth/sign-in", new SignInRequest(userName, Password), ct);
        }

        if (cookies.GetCookies(baseUrl)["kefudesk.staff"] is null)
        {
            throw new InvalidOperationException($"sign-in of {userName} set no kefudesk.staff cookie");
        }

        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "hubs/agent"), Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets,
                o => o.Cookies = cookies)
            .Build();

        // Take the timestamp first thing: everything after it is the generator's own cost.
        connection.On<MessageView>("messageCreated", m =>
        {
            log.Delivered(m.ClientMessageId, index, Stopwatch.GetTimestamp());
            replies.Received(connection, m, log);
        });
        // Assignment and status notices are expected; handled so the client does not treat them as unknown.
        connection.On<object>("conversationAssigned", _ => { });
        connection.On<object>("conversationStatusChanged", _ => { });
        await connection.StartAsync(ct);
        return new AgentClient(index, me.Id, connection);
    }

    public Task<ConversationAssignment> ClaimAsync(Guid conversationId, CancellationToken ct) =>
        Connection.InvokeAsync<ConversationAssignment>("Claim", conversationId, ct);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
