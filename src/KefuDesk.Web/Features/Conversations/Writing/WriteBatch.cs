using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace KefuDesk.Features.Conversations.Writing;

/// <summary>Identifies a buyer's live conversation when the sender does not name one.</summary>
public readonly record struct LiveThread(Guid ShopId, Guid CustomerId, Channel Channel, string ThreadKey);

/// <summary>What the commands of one batch will read, gathered before any query runs.</summary>
public sealed class WriteBatchPlan
{
    internal HashSet<Guid> ConversationIds { get; } = [];
    internal HashSet<Guid> LiveThreadCustomers { get; } = [];
    internal HashSet<string> ClientMessageIds { get; } = new(StringComparer.Ordinal);

    public void Conversation(Guid id) => ConversationIds.Add(id);

    public void LiveConversation(LiveThread thread) => LiveThreadCustomers.Add(thread.CustomerId);

    public void ClientMessageId(string id) => ClientMessageIds.Add(id);

    /// <summary>The commands change tags: load the conversations' tags with them.</summary>
    public void Tags() => NeedsTags = true;

    internal bool NeedsTags { get; private set; }
}

/// <summary>A staff member of a shop, as commands look them up (transfer targets, @mentions).</summary>
public sealed record ShopStaff(Guid AgentId, string UserName, string DisplayName, string Nickname);

/// <summary>
/// The tracked rows of one batch transaction: commands look things up here instead of querying,
/// and see each other's changes (two messages to one conversation get consecutive numbers).
/// </summary>
public sealed class WriteBatch
{
    private readonly Dictionary<Guid, Conversation> _conversations = [];
    private readonly Dictionary<LiveThread, Conversation> _live = [];
    private readonly Dictionary<Guid, Customer?> _customers = [];
    private readonly Dictionary<(Guid, string), Message> _messages = [];
    private readonly List<IDomainEvent> _republished = [];
    private readonly Dictionary<Guid, IReadOnlyList<ShopStaff>> _staff = [];

    private readonly HashSet<Guid> _liveLoadedFor = [];

    private WriteBatch(KefuDeskDbContext db, DateTime now)
    {
        Db = db;
        Now = now;
    }

    public KefuDeskDbContext Db { get; }

    /// <summary>One clock reading per batch: what commits together happened together.</summary>
    public DateTime Now { get; }

    internal IEnumerable<Conversation> TrackedConversations => _conversations.Values;

    internal IReadOnlyList<IDomainEvent> Republished => _republished;

    /// <remarks>
    /// The client ids already stored are looked up in the same go (one query a batch): a resent
    /// message is answered from the store, and never reaches the unique index as a failed insert,
    /// which would sink the whole batch into one-by-one retries.
    /// </remarks>
    internal static WriteBatch Load(KefuDeskDbContext db, DateTime now, WriteBatchPlan plan)
    {
        var batch = new WriteBatch(db, now);
        var ids = plan.ConversationIds.ToList();
        var customerIds = plan.LiveThreadCustomers.ToList();
        if (ids.Count > 0 || customerIds.Count > 0)
        {
            foreach (var c in LoadConversations(db, ids, customerIds))
            {
                batch.Track(c);
            }

            batch._liveLoadedFor.UnionWith(customerIds);
        }

        if (plan.NeedsTags && batch._conversations.Count > 0)
        {
            var tagged = batch._conversations.Keys.ToList();
            db.ConversationTags.Where(t => tagged.Contains(t.ConversationId)).Load(); // fixed up into each conversation
        }

        var clientIds = plan.ClientMessageIds.ToList();
        var conversationIds = batch._conversations.Keys.ToList();
        if (clientIds.Count > 0 && conversationIds.Count > 0)
        {
            var existing = db.Messages
                .Where(m => conversationIds.Contains(m.ConversationId) && clientIds.Contains(m.ClientMessageId))
                .AsNoTracking()
                .ToList();
            foreach (var m in existing)
            {
                batch._messages[(m.ConversationId, m.ClientMessageId)] = m;
            }

            // Every pair of these was asked: a message not found is new, with no second look.
            batch._preloadedConversations.UnionWith(conversationIds);
            batch._preloadedClientIds.UnionWith(clientIds);
        }

        return batch;
    }

    /// <summary>
    /// On PostgreSQL the rows are locked (in id order, so two nodes never deadlock) until the batch
    /// commits: another node's writer waits, then sees our sequence numbers. SQLite has one writer.
    /// </summary>
    private static List<Conversation> LoadConversations(KefuDeskDbContext db, List<Guid> ids, List<Guid> customerIds)
    {
        if (db.Database.IsNpgsql())
        {
            var idArray = ids.ToArray();
            var customerArray = customerIds.ToArray();
            return db.Conversations.FromSql($"""
                SELECT * FROM "Conversations"
                WHERE "Id" = ANY({idArray}) OR ("OpenThreadKey" IS NOT NULL AND "CustomerId" = ANY({customerArray}))
                ORDER BY "Id" FOR UPDATE
                """).ToList();
        }

        return db.Conversations
            .Where(c => ids.Contains(c.Id) || (c.OpenThreadKey != null && customerIds.Contains(c.CustomerId)))
            .ToList();
    }

    public Conversation? Conversation(Guid id) => _conversations.GetValueOrDefault(id);

    /// <summary>The buyer's live conversation on this thread; loaded (and locked) now if the plan could not name the buyer.</summary>
    public Conversation? LiveConversation(LiveThread thread)
    {
        if (_liveLoadedFor.Add(thread.CustomerId))
        {
            foreach (var c in LoadConversations(Db, [], [thread.CustomerId]).Where(c => !_conversations.ContainsKey(c.Id)))
            {
                Track(c);
            }
        }

        return _live.GetValueOrDefault(thread);
    }

    /// <summary>A customer's live conversations on every thread, loaded (and locked) now if not yet.</summary>
    public IReadOnlyList<Conversation> LiveConversationsOf(Guid customerId)
    {
        if (_liveLoadedFor.Add(customerId))
        {
            foreach (var c in LoadConversations(Db, [], [customerId]).Where(c => !_conversations.ContainsKey(c.Id)))
            {
                Track(c);
            }
        }

        return _conversations.Values.Where(c => c.CustomerId == customerId && c.OpenThreadKey is not null).ToList();
    }

    /// <summary>A conversation the plan did not name (a channel's threading hint), loaded and locked now.</summary>
    public Conversation? ConversationLoadedNow(Guid id)
    {
        if (!_conversations.ContainsKey(id))
        {
            foreach (var c in LoadConversations(Db, [id], []))
            {
                Track(c);
            }
        }

        return Conversation(id);
    }

    /// <summary>The customer, read on first use: only a buyer's first message needs it.</summary>
    public Customer? Customer(Guid id)
    {
        if (!_customers.TryGetValue(id, out var customer))
        {
            customer = Db.Customers.Find(id);
            _customers[id] = customer;
        }

        return customer;
    }

    /// <summary>Customer rows a command is about to change together (a merge), locked on PostgreSQL.</summary>
    public void LockCustomers(params Guid[] ids)
    {
        var rows = Db.Database.IsNpgsql()
            ? Db.Customers.FromSql($"""SELECT * FROM "Customers" WHERE "Id" = ANY({ids}) ORDER BY "Id" FOR UPDATE""").ToList()
            : Db.Customers.Where(c => ids.Contains(c.Id)).ToList();
        foreach (var customer in rows)
        {
            _customers[customer.Id] = customer;
        }
    }

    /// <summary>
    /// The customer a channel identity belongs to (following merges), recorded now if the channel
    /// shows us someone new. The unique index on identities keeps two nodes from making two.
    /// </summary>
    public Customer CustomerOnChannel(Guid organisationId, Channels.ChannelBuyer buyer)
    {
        var identity = Db.CustomerIdentities.Local.FirstOrDefault(i => i.OrganisationId == organisationId && i.Kind == buyer.Kind && i.Value == buyer.Value)
                       ?? Db.CustomerIdentities.FirstOrDefault(i => i.OrganisationId == organisationId && i.Kind == buyer.Kind && i.Value == buyer.Value);
        if (identity is not null)
        {
            var customer = Db.Customers.Find(identity.CustomerId)!;
            while (customer.MergedIntoId is { } survivor)
            {
                customer = Db.Customers.Find(survivor)!;
            }

            return customer;
        }

        // An email address or phone number reads as a name; an openid or IM user id does not (the workspace shows a visitor code).
        var name = buyer.DisplayName ?? (buyer.Kind is IdentityKind.Email or IdentityKind.Phone ? buyer.Value : null);
        var created = Customers.Customer.KnownBuyer(Guid.NewGuid(), organisationId, name,
            buyer.Kind == IdentityKind.Phone ? buyer.Value : null, buyer.Kind == IdentityKind.Email ? buyer.Value : null, Now);
        Add(created);
        Db.CustomerIdentities.Add(new CustomerIdentity(organisationId, created.Id, buyer.Kind, buyer.Value, buyer.Verified, Now));
        return created;
    }

    /// <summary>Someone serving the shop is online (asked once per shop and batch).</summary>
    public bool ShopStaffed(Guid shopId)
    {
        if (!_staffed.TryGetValue(shopId, out var staffed))
        {
            _staffed[shopId] = staffed = Routing.Presence.Presence.ShopStaffed(Db, shopId, Now).Any();
        }

        return staffed;
    }

    private readonly Dictionary<Guid, bool> _staffed = [];
    private readonly Dictionary<(Type, Guid), object> _cache = [];

    /// <summary>Something read once per batch and key (a shop's entry rules, an agent's load).</summary>
    public T Cached<T>(Guid key, Func<T> load) where T : class
    {
        if (!_cache.TryGetValue((typeof(T), key), out var value))
        {
            _cache[(typeof(T), key)] = value = load();
        }

        return (T)value;
    }

    /// <summary>The shop's rules for ending and reopening conversations.</summary>
    public Shop.ServicePolicy Policy(Guid shopId) => Db.Shops.Find(shopId)?.Policy ?? new Shop.ServicePolicy();

    /// <summary>Everyone who serves the shop (its agents, and its organisation's admins).</summary>
    public IReadOnlyList<ShopStaff> StaffServing(Guid shopId)
    {
        if (!_staff.TryGetValue(shopId, out var staff))
        {
            var organisation = Db.Shops.Where(s => s.Id == shopId).Select(s => s.OrganisationId).FirstOrDefault();
            var adminRole = Db.Roles.Where(r => r.Name == Identity.StaffRoles.Admin).Select(r => r.Id).FirstOrDefault();
            staff = Db.Users
                .Where(a => a.OrganisationId == organisation
                            && (Db.AgentShops.Any(s => s.AgentId == a.Id && s.ShopId == shopId)
                                || Db.UserRoles.Any(r => r.UserId == a.Id && r.RoleId == adminRole)))
                .Select(a => new ShopStaff(a.Id, a.UserName ?? "", a.DisplayName, a.Nickname))
                .AsNoTracking()
                .ToList();
            _staff[shopId] = staff;
        }

        return staff;
    }

    /// <summary>The message already stored (or stored earlier in this batch) under the sender's id.</summary>
    public Message? ExistingMessage(Guid conversationId, string clientMessageId)
    {
        if (_messages.TryGetValue((conversationId, clientMessageId), out var found))
        {
            return found;
        }

        if (_preloadedConversations.Contains(conversationId) && _preloadedClientIds.Contains(clientMessageId)
            || !_checkedLazily.Add((conversationId, clientMessageId)))
        {
            return null;
        }

        found = Db.Messages.AsNoTracking().FirstOrDefault(m => m.ConversationId == conversationId && m.ClientMessageId == clientMessageId);
        if (found is not null)
        {
            _messages[(conversationId, clientMessageId)] = found;
        }

        return found;
    }

    private readonly HashSet<(Guid, string)> _checkedLazily = [];
    private readonly HashSet<Guid> _preloadedConversations = [];
    private readonly HashSet<string> _preloadedClientIds = new(StringComparer.Ordinal);

    public void Add(Conversation conversation)
    {
        Db.Conversations.Add(conversation);
        Track(conversation);
    }

    public void Add(Customer customer)
    {
        Db.Customers.Add(customer);
        _customers[customer.Id] = customer;
    }

    /// <summary>Publishes again, after commit, an event for something stored earlier (a resent message).</summary>
    public void Republish(IDomainEvent domainEvent) => _republished.Add(domainEvent);

    /// <summary>Publishes, after commit, an event of a row that is not a conversation (a call-back task).</summary>
    public void PublishAfterCommit(IDomainEvent domainEvent) => _republished.Add(domainEvent);

    public void Added(Message message) => _messages[(message.ConversationId, message.ClientMessageId)] = message;

    /// <summary>A conversation changed hands between customers (a merge): find it under its new owner.</summary>
    public void Moved(Conversation c, Guid fromCustomerId)
    {
        foreach (var stale in _live.Where(kv => kv.Value == c && kv.Key.CustomerId == fromCustomerId).Select(kv => kv.Key).ToList())
        {
            _live.Remove(stale);
        }

        Track(c);
    }

    private void Track(Conversation c)
    {
        _conversations[c.Id] = c;
        if (c.OpenThreadKey is not null)
        {
            _live[new LiveThread(c.ShopId, c.CustomerId, c.Channel, c.OpenThreadKey)] = c;
        }
    }
}
