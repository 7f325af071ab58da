using System.Collections.Concurrent;
using KefuDesk.BareRelay;
using Microsoft.AspNetCore.SignalR;

// The generator's contract, held in memory: sessions hand out tokens, sign-in sets the staff
// cookie, a buyer's message goes back to the buyer and to the agent who claimed the conversation.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSignalR();
builder.Services.AddSingleton<Relay>();
var app = builder.Build();
var relay = app.Services.GetRequiredService<Relay>();

app.MapGet("/health", () => "ok");
app.MapPost("/api/widget/sessions", (SessionRequest _) => relay.NewBuyer());
app.MapPost("/api/auth/sign-in", (SignIn request, HttpResponse response) =>
{
    var staff = relay.SignIn(request.UserName);
    response.Cookies.Append("kefudesk.staff", staff.Id.ToString("N"));
    return staff;
});
app.MapPost("/api/agents", (NewAgent request) => relay.AddAgent(request.UserName));
app.MapPut("/api/routing/agents/{id:guid}/seat", (Guid id) => Results.Ok());
app.MapHub<BuyerHub>("/hubs/buyer");
app.MapHub<AgentHub>("/hubs/agent");
app.Run();

namespace KefuDesk.BareRelay
{
    public sealed record SessionRequest(string WidgetKey, string? VisitorToken);
    public sealed record SignIn(string UserName, string Password);
    public sealed record NewAgent(string UserName);
    public sealed record Shop(Guid Id, string Name);
    public sealed record Session(string VisitorToken, Guid CustomerId, string VisitorCode, Shop Shop);
    public sealed record Staff(Guid Id, string UserName, string[] Roles, Guid[] ShopIds);
    public sealed record AgentRow(Guid Id, string UserName);
    public sealed record SendRequest(string ClientMessageId, string Body, Guid? ConversationId);
    public sealed record Message(Guid Id, Guid ConversationId, long Sequence, string ClientMessageId, string Sender, string? SenderName,
        string Kind, string Body, DateTime CreatedAt);
    public sealed record Assignment(Guid ConversationId, Guid AgentId, string Status);

    /// <summary>Buyers, their one conversation each, and who claimed it: all in memory.</summary>
    public sealed class Relay
    {
        public static readonly Shop DemoShop = new(Guid.NewGuid(), "Bare relay");
        private readonly ConcurrentDictionary<string, Guid> _users = new();
        private readonly ConcurrentDictionary<Guid, Conversation> _byBuyer = new();
        private readonly ConcurrentDictionary<Guid, Conversation> _byId = new();

        public Session NewBuyer()
        {
            var buyer = Guid.NewGuid();
            return new Session(buyer.ToString("N"), buyer, buyer.ToString("N")[..6], DemoShop);
        }

        public AgentRow AddAgent(string userName) => new(_users.GetOrAdd(userName, _ => Guid.NewGuid()), userName);

        public Staff SignIn(string userName) => new(_users.GetOrAdd(userName, _ => Guid.NewGuid()), userName, ["Agent"], [DemoShop.Id]);

        public Conversation ConversationOf(Guid buyer) => _byBuyer.GetOrAdd(buyer, b =>
        {
            var c = new Conversation(Guid.NewGuid(), b);
            _byId[c.Id] = c;
            return c;
        });

        public Conversation? Find(Guid id) => _byId.GetValueOrDefault(id);
    }

    public sealed class Conversation(Guid id, Guid buyer)
    {
        private long _sequence;
        public Guid Id { get; } = id;
        public Guid Buyer { get; } = buyer;
        public Guid? Agent { get; set; }
        public long Next() => Interlocked.Increment(ref _sequence);
    }

    public sealed class BuyerHub(Relay relay, IHubContext<AgentHub> agents) : Hub
    {
        // The visitor token is the buyer's id: as the .NET client sends it (a bearer header), or the browser's query string.
        private Guid Buyer => Context.Items["buyer"] as Guid? ?? (Guid)(Context.Items["buyer"] = Guid.ParseExact(TokenOf(Context.GetHttpContext()!.Request), "N"));

        private static string TokenOf(HttpRequest request) =>
            request.Headers.Authorization.ToString() is { Length: > 7 } header ? header["Bearer ".Length..] : request.Query["access_token"].ToString();

        public override Task OnConnectedAsync() => Groups.AddToGroupAsync(Context.ConnectionId, "b:" + Buyer);

        public async Task<Message> SendMessage(SendRequest request)
        {
            var conversation = relay.ConversationOf(Buyer);
            var message = new Message(Guid.NewGuid(), conversation.Id, conversation.Next(), request.ClientMessageId, "Customer", null, "Text",
                request.Body, DateTime.UtcNow);
            var pushes = new List<Task> { Clients.Group("b:" + Buyer).SendAsync("messageCreated", message) };
            if (conversation.Agent is { } agent)
            {
                pushes.Add(agents.Clients.Group("a:" + agent).SendAsync("messageCreated", message)); // groups are per hub
            }

            await Task.WhenAll(pushes);
            return message;
        }
    }

    public sealed class AgentHub(Relay relay) : Hub
    {
        private Guid Agent => Guid.ParseExact(Context.GetHttpContext()!.Request.Cookies["kefudesk.staff"]!, "N");

        public override Task OnConnectedAsync() => Groups.AddToGroupAsync(Context.ConnectionId, "a:" + Agent);

        public Assignment Claim(Guid conversationId)
        {
            var conversation = relay.Find(conversationId) ?? throw new HubException("conversation_not_found");
            conversation.Agent = Agent;
            return new Assignment(conversation.Id, Agent, "Open");
        }
    }
}
