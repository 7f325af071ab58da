using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Channels;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Phone;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Features.Channels;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Phone;

/// <summary>
/// The phone channel over real HTTP and a real database: calls logged as conversations, the buyer
/// recognised by their number across channels, call-backs worked by the team (PhoneTests.Callbacks.cs),
/// and every bad call refused with nothing stored.
/// </summary>
public abstract partial class PhoneTests(AppFixture fx)
{
    private Guid Shop => fx.World.Shop.Id;

    /// <summary>A mobile number nobody in this test class has used (tests share the class's database).</summary>
    private static string NewMobile() => "13" + Random.Shared.NextInt64(100_000_000, 1_000_000_000);

    private CallLogInput Answered(string number, string direction = "inbound", string? notes = "买家问降噪耳机什么时候发货,已告知今天发", int duration = 192) =>
        new(Shop, direction, number, DateTimeOffset.UtcNow.AddMinutes(-5), duration, "answered", notes,
            Record: new ConsultationRecordInput(fx.World.CategoryId, null, null));

    private CallLogInput Missed(string number, string? notes = null) =>
        new(Shop, "inbound", number, DateTimeOffset.UtcNow.AddMinutes(-2), 0, "missed", notes);

    private static Task<HttpResponseMessage> PostAsync(StaffClient who, CallLogInput call) =>
        who.Http.PostAsJsonAsync("/api/phone/calls", call, Json.Options);

    private static async Task<LoggedCall> LogAsync(StaffClient who, CallLogInput call)
    {
        var response = await PostAsync(who, call);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LoggedCall>(Json.Options))!;
    }

    private async Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> read)
    {
        await using var db = await fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    [Fact]
    public async Task An_answered_call_in_becomes_a_resolved_phone_conversation_with_its_line_its_note_and_its_record()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var number = NewMobile();

        var logged = await LogAsync(agent, Answered("+86 " + number[..3] + "-" + number[3..7] + "-" + number[7..]) with { CustomerName = "王女士" });

        Assert.Equal(ConversationStatus.Resolved, logged.ConversationStatus);
        Assert.Equal(CallbackEffect.None, logged.Callback);
        var conversation = (await agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{logged.ConversationId}", Json.Options))!;
        Assert.Equal(Channel.Phone, conversation.Channel);
        Assert.Equal(fx.World.Agent.Id, conversation.AssigneeId);
        Assert.Equal(logged.CustomerId, conversation.CustomerId);
        Assert.Equal("王女士", conversation.CustomerName);
        var thread = (await agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{logged.ConversationId}/messages", Json.Options))!;
        var line = Assert.Single(thread.Messages, m => m.Kind == MessageKind.System);
        Assert.Contains("来电 " + PersonalData.MaskPhone(number), line.Body, StringComparison.Ordinal);
        Assert.Contains("已接通", line.Body, StringComparison.Ordinal);
        Assert.Contains("通话 3分12秒", line.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(number, line.Body, StringComparison.Ordinal); // every colleague reads the line: the number is masked
        var note = Assert.Single(thread.Messages, m => m.Internal);
        Assert.Equal("买家问降噪耳机什么时候发货,已告知今天发", note.Body);

        var (call, record, identity) = await InDbAsync(async db => (
            await db.PhoneCalls.SingleAsync(c => c.Id == logged.CallId),
            await db.ConsultationRecords.SingleAsync(r => r.ConversationId == logged.ConversationId),
            await db.CustomerIdentities.SingleAsync(i => i.CustomerId == logged.CustomerId)));
        Assert.Equal(number, call.Number); // stored in the one form every channel uses
        Assert.Equal((CallDirection.Inbound, CallOutcome.Answered, 192, fx.World.Agent.Id), (call.Direction, call.Outcome, call.DurationSeconds, call.AgentId));
        Assert.Equal(fx.World.CategoryId, record.CategoryId);
        Assert.Equal("买家问降噪耳机什么时候发货,已告知今天发", record.Summary); // the notes, as the summary
        Assert.Equal((IdentityKind.Phone, number), (identity.Kind, identity.Value));

        // It is in the agent's list with the phone channel, and in the customer's call history.
        var phoneList = await agent.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=mine&channel=phone&limit=200", Json.Options);
        Assert.Contains(phoneList!.Items, c => c.Id == logged.ConversationId);
        var history = await agent.Http.GetFromJsonAsync<PhonePage<PhoneCallView>>($"/api/phone/calls?customerId={logged.CustomerId}", Json.Options);
        Assert.Equal(logged.CallId, Assert.Single(history!.Items).Id);
    }

    [Fact]
    public async Task An_outbound_call_kept_for_follow_up_stays_open_with_the_agent_and_opens_no_call_back()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        var logged = await LogAsync(agent, new CallLogInput(Shop, "outbound", NewMobile(), null, 65, "answered", "约好明天上午再确认地址", FollowUp: true));
        var unanswered = await LogAsync(agent, new CallLogInput(Shop, "outbound", NewMobile(), null, 0, "noAnswer", null));

        Assert.Equal(ConversationStatus.Open, logged.ConversationStatus);
        Assert.Equal(ConversationStatus.Resolved, unanswered.ConversationStatus); // nobody spoke: nothing to record
        Assert.Null(logged.CallbackTaskId);
        Assert.Null(unanswered.CallbackTaskId); // only calls we missed become call-backs
        var line = (await agent.Http.GetFromJsonAsync<MessagePage>($"/api/conversations/{logged.ConversationId}/messages", Json.Options))!
            .Messages.First(m => m.Kind == MessageKind.System);
        Assert.StartsWith("去电 ", line.Body, StringComparison.Ordinal);
        Assert.Contains("通话 1分05秒", line.Body, StringComparison.Ordinal);
        var mine = await agent.Http.GetFromJsonAsync<ConversationListPage>("/api/conversations?filter=mine&limit=200", Json.Options);
        Assert.Equal(ConversationStatus.Open, mine!.Items.Single(c => c.Id == logged.ConversationId).Status);
        Assert.Equal(0, await InDbAsync(db => db.CallbackTasks.CountAsync(t => t.CustomerId == logged.CustomerId || t.CustomerId == unanswered.CustomerId)));
    }

    [Fact]
    public async Task A_logged_call_takes_notes_but_no_replies_nobody_would_read()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var logged = await LogAsync(agent, Answered(NewMobile()));

        await (await agent.Http.PostAsJsonAsync($"/api/conversations/{logged.ConversationId}/messages", new { clientMessageId = "r1", body = "您好" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "phone_no_reply");
        var note = await agent.Http.PostAsJsonAsync($"/api/conversations/{logged.ConversationId}/notes", new NoteRequest("n1", "买家又补充:要发顺丰"));

        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        Assert.Equal(ConversationStatus.Resolved, (await agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{logged.ConversationId}", Json.Options))!.Status);
    }

    [Fact]
    public async Task The_same_number_written_any_way_is_the_same_customer()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var number = NewMobile();
        var spaced = $"+86 {number[..3]}-{number[3..7]}-{number[7..]}";

        var first = await LogAsync(agent, Answered(spaced));
        var plain = await LogAsync(agent, Answered(number));
        var international = await LogAsync(agent, Answered($"0086 ({number[..3]}) {number[3..]}"));

        Assert.Equal(first.CustomerId, plain.CustomerId);
        Assert.Equal(first.CustomerId, international.CustomerId);
        Assert.NotEqual(first.ConversationId, plain.ConversationId); // each call is its own conversation
        Assert.Equal(1, await InDbAsync(db => db.CustomerIdentities.CountAsync(i => i.Kind == IdentityKind.Phone && i.Value == number)));
        Assert.Equal(ChannelBuyer.Normalise(IdentityKind.Phone, spaced), ChannelBuyer.Normalise(IdentityKind.Phone, number));
    }

    [Fact]
    public async Task A_buyer_known_on_another_channel_or_by_a_recorded_phone_is_found_by_the_number()
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var organisationId = await InDbAsync(db => db.Shops.Where(s => s.Id == Shop).Select(s => s.OrganisationId).SingleAsync());

        // A channel that knows buyers by phone brought this one in first.
        var onChannel = NewMobile();
        var channel = await ImChannel.ConnectAsync(fx, admin, new Uri("http://127.0.0.1:9/unused"));
        var message = await fx.App.Services.GetRequiredService<ConversationWriter>().ExecuteAsync(SendMessage.FromChannel(organisationId, Shop,
            channel.Id, Channel.ImBridge, "thread-" + onChannel, new ChannelBuyer(IdentityKind.Phone, "+86 " + onChannel, "刘先生", true), "ext-" + onChannel,
            "你好,我刚才打过电话"));
        var channelCustomer = await InDbAsync(db => db.Conversations.Where(c => c.Id == message.ConversationId).Select(c => c.CustomerId).SingleAsync());

        // Another told us their phone some other way (a form, an imported order), written with spaces.
        var recorded = NewMobile();
        var known = Customer.KnownBuyer(Guid.NewGuid(), organisationId, "陈小姐", $"{recorded[..3]} {recorded[3..7]} {recorded[7..]}", null, DateTime.UtcNow);
        await InDbAsync(db => { db.Customers.Add(known); return db.SaveChangesAsync(); });

        var callFromChannelBuyer = await LogAsync(agent, Missed(onChannel));
        var callFromRecorded = await LogAsync(agent, Answered("+86" + recorded));
        var again = await LogAsync(agent, Answered(recorded));

        Assert.Equal(channelCustomer, callFromChannelBuyer.CustomerId);
        Assert.Equal(known.Id, callFromRecorded.CustomerId);
        Assert.Equal(known.Id, again.CustomerId);
        Assert.True(await InDbAsync(db => db.CustomerIdentities.AnyAsync(i => i.CustomerId == known.Id && i.Kind == IdentityKind.Phone && i.Value == recorded)));
        var summary = await agent.Http.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{callFromChannelBuyer.ConversationId}", Json.Options);
        Assert.Equal("刘先生", summary!.CustomerName);
    }

    [Fact]
    public async Task A_call_about_the_buyer_of_an_open_chat_joins_their_record_and_never_reaches_their_widget()
    {
        await using var s = await Scenario.StartAsync(fx);
        var buyerId = await InDbAsync(db => db.Conversations.Where(c => c.Id == s.ConversationId).Select(c => c.CustomerId).SingleAsync());
        var number = NewMobile();

        var logged = await LogAsync(s.Agent, Answered(number) with { CustomerId = buyerId });
        var reply = await s.AgentSaysAsync("刚才电话里说的优惠券已经发给您了");

        Assert.Equal(buyerId, logged.CustomerId);
        // The buyer's widget hears the chat reply and nothing of the phone conversation before it.
        Assert.Equal(reply.Id, (await s.BuyerInbox.NextAsync()).Id);
        var customer = await InDbAsync(db => db.Customers.SingleAsync(c => c.Id == buyerId));
        Assert.Equal(number, customer.Phone); // now known by that number on every channel
        var next = await LogAsync(s.Agent, Missed(number));
        Assert.Equal(buyerId, next.CustomerId);

        await (await PostAsync(s.Agent, Answered(NewMobile()) with { CustomerId = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.NotFound, "customer_not_found");
    }

    [Fact]
    public async Task The_same_call_sent_twice_is_logged_once()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var call = Missed(NewMobile()) with { CallId = Guid.CreateVersion7() };

        var first = await LogAsync(agent, call);
        var again = await LogAsync(agent, call);

        Assert.Equal(first, again);
        Assert.Equal(1, await InDbAsync(db => db.PhoneCalls.CountAsync(c => c.Id == call.CallId)));
        Assert.Equal(1, await InDbAsync(db => db.CallbackTasks.CountAsync(t => t.MissedCallId == call.CallId)));
        await using var colleague = await fx.SignInAsync(fx.World.Agent2);
        await (await PostAsync(colleague, call)).AssertProblemAsync(HttpStatusCode.BadRequest, "call_invalid");
    }

    [Fact]
    public async Task Every_bad_call_is_refused_with_its_code_and_stores_nothing()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var number = NewMobile();
        var good = Answered(number);
        var strictRecordShop = good with { Record = null };
        async Task<(int, int, int, int, int, int)> Counts() => await InDbAsync(async db => (await db.PhoneCalls.CountAsync(), await db.CallbackTasks.CountAsync(),
            await db.Conversations.CountAsync(c => c.Channel == Channel.Phone), await db.Customers.CountAsync(), await db.CustomerIdentities.CountAsync(),
            await db.Messages.CountAsync()));
        var before = await Counts();

        async Task Refused(CallLogInput call, string code = "call_invalid", HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            var problem = await (await PostAsync(agent, call)).AssertProblemAsync(status, code);
            if (code == "call_invalid")
            {
                Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString())); // says what to fix
            }
        }

        await Refused(good with { Direction = null });
        await Refused(good with { Direction = "sideways" });
        await Refused(good with { Direction = "7" });
        await Refused(good with { Outcome = null });
        await Refused(good with { Outcome = "exploded" });
        await Refused(good with { Direction = "outbound", Outcome = "missed" });
        await Refused(good with { Outcome = "noAnswer", DurationSeconds = 0 });
        await Refused(good with { Number = null });
        await Refused(good with { Number = "  " });
        await Refused(good with { Number = "12" });
        await Refused(good with { Number = "abc123456" });
        await Refused(good with { Number = number + "x" });
        await Refused(good with { Number = "+" + new string('9', 31) });
        await Refused(good with { Number = "138+0013+8000" });
        await Refused(good with { Number = "-0.01" }); // digits and separators, but not a number that exists
        await Refused(good with { Number = "1380013800" }); // a mobile one digit short
        await Refused(good with { Notes = "已告知\0今天发" }, "text_invalid");
        await Refused(good with { StartedAt = DateTimeOffset.UtcNow.AddMinutes(5) });
        await Refused(good with { StartedAt = DateTimeOffset.UtcNow.AddDays(-31) });
        await Refused(good with { DurationSeconds = null });
        await Refused(good with { DurationSeconds = -1 });
        await Refused(good with { DurationSeconds = 86_401 });
        await Refused(Missed(number) with { DurationSeconds = 30 });
        await Refused(good with { Notes = new string('长', PhoneCall.NotesMaxLength + 1) });
        await Refused(good with { CustomerName = new string('名', Customer.NameMaxLength + 1) });
        await Refused(good with { ShopId = null });
        await Refused(good with { ShopId = fx.World.OtherShop.Id }); // not a shop this agent serves
        await Refused(good with { ShopId = Guid.NewGuid() });
        await Refused(good with { CallbackTaskId = Guid.NewGuid() }); // a call back is an outgoing call
        await Refused(good with { Direction = "outbound", CallbackTaskId = Guid.NewGuid() }, "callback_not_found", HttpStatusCode.NotFound);
        await Refused(good with { Record = new ConsultationRecordInput(Guid.NewGuid(), null, null) }, "category_invalid");
        await Refused(strictRecordShop, "record_required"); // the shop wants a consultation record on resolving
        await Refused(good with { CustomerId = Guid.NewGuid() }, "customer_not_found", HttpStatusCode.NotFound);
        using (var broken = new StringContent("{\"shopId\": ", System.Text.Encoding.UTF8, "application/json"))
        {
            await (await agent.Http.PostAsync("/api/phone/calls", broken)).AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        }

        Assert.Equal(before, await Counts());
        // The same call, corrected, goes through.
        Assert.Equal(ConversationStatus.Resolved, (await LogAsync(agent, good)).ConversationStatus);
    }

    [Fact]
    public async Task Refusals_say_what_to_fix_in_the_callers_language()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var english = await agent.Http.PostAsJsonAsync("/api/phone/calls?culture=en", Answered("12"), Json.Options);
        var chinese = await PostAsync(agent, Answered("12"));

        var inEnglish = await english.AssertProblemAsync(HttpStatusCode.BadRequest, "call_invalid");
        var inChinese = await chinese.AssertProblemAsync(HttpStatusCode.BadRequest, "call_invalid");
        Assert.Contains("a number that exists", inEnglish.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("存在的电话号码", inChinese.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

public sealed class PhoneTests_Sqlite(SqliteApp fx) : PhoneTests(fx), IClassFixture<SqliteApp>;

public sealed class PhoneTests_Postgres(PostgresApp fx) : PhoneTests(fx), IClassFixture<PostgresApp>;
