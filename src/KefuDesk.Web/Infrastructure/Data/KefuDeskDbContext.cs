using KefuDesk.Features.Channels;
using KefuDesk.Features.Channels.Delivery;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Phone;
using KefuDesk.Features.Conversations.Attachments;
using KefuDesk.Features.Conversations.Surveys;
using KefuDesk.Infrastructure.Jobs;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Identity;
using KefuDesk.Features.Routing;
using KefuDesk.Features.Shop;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KefuDesk.Infrastructure.Data;

/// <summary>
/// The one database. Entity configuration lives beside each entity in its feature folder
/// (<c>*Model.cs</c>); this class only gathers it.
/// </summary>
public sealed class KefuDeskDbContext(DbContextOptions<KefuDeskDbContext> options)
    : IdentityDbContext<Agent, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Shop> Shops => Set<Shop>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<LogisticsEvent> LogisticsEvents => Set<LogisticsEvent>();
    public DbSet<Features.Shop.Orders.PriceAdjustment> PriceAdjustments => Set<Features.Shop.Orders.PriceAdjustment>();
    public DbSet<Features.Shop.Orders.PaymentReminder> PaymentReminders => Set<Features.Shop.Orders.PaymentReminder>();
    public DbSet<Features.Shop.Orders.ReminderTemplate> ReminderTemplates => Set<Features.Shop.Orders.ReminderTemplate>();
    public DbSet<Features.Shop.Orders.LabelPrint> LabelPrints => Set<Features.Shop.Orders.LabelPrint>();
    public DbSet<Features.Shop.Import.ShopImport> ShopImports => Set<Features.Shop.Import.ShopImport>();
    public DbSet<Features.Audit.AuditEntry> AuditEntries => Set<Features.Audit.AuditEntry>();
    public DbSet<AgentShop> AgentShops => Set<AgentShop>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<SkillGroup> SkillGroups => Set<SkillGroup>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<ConversationEvent> ConversationEvents => Set<ConversationEvent>();
    public DbSet<ConversationTag> ConversationTags => Set<ConversationTag>();
    public DbSet<ConsultationRecord> ConsultationRecords => Set<ConsultationRecord>();
    public DbSet<ConsultationCategory> ConsultationCategories => Set<ConsultationCategory>();
    public DbSet<MessageMention> MessageMentions => Set<MessageMention>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<SatisfactionSurvey> SatisfactionSurveys => Set<SatisfactionSurvey>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<ChannelAccount> ChannelAccounts => Set<ChannelAccount>();
    public DbSet<ChannelMessageRef> ChannelMessageRefs => Set<ChannelMessageRef>();
    public DbSet<OutboundDelivery> OutboundDeliveries => Set<OutboundDelivery>();
    public DbSet<CustomerIdentity> CustomerIdentities => Set<CustomerIdentity>();
    public DbSet<PhoneCall> PhoneCalls => Set<PhoneCall>();
    public DbSet<CallbackTask> CallbackTasks => Set<CallbackTask>();
    public DbSet<Features.Routing.Presence.AgentPresence> AgentPresences => Set<Features.Routing.Presence.AgentPresence>();
    public DbSet<Features.Routing.Agents.AgentSeat> AgentSeats => Set<Features.Routing.Agents.AgentSeat>();
    public DbSet<Features.Routing.Agents.AgentStatusChange> AgentStatusChanges => Set<Features.Routing.Agents.AgentStatusChange>();
    public DbSet<Features.Routing.Groups.SkillGroupMember> SkillGroupMembers => Set<Features.Routing.Groups.SkillGroupMember>();
    public DbSet<Features.Routing.Groups.EntryRule> EntryRules => Set<Features.Routing.Groups.EntryRule>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KefuDeskDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // All times are UTC. SQLite keeps no kind, so mark what comes back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
