using System.Net;
using System.Net.Http.Json;
using System.Text;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Orders;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Tests.Features.Shop;
using KefuDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Hosting;

/// <summary>
/// Text from outside passes one rule (Infrastructure/Input): control characters and broken text are
/// refused on the REST API and the hubs with <c>text_invalid</c> naming the field, nothing is stored,
/// and the store itself refuses a control character whatever path it came by (PostgreSQL refuses NUL
/// in text: a clean 400, not a failed write).
/// </summary>
public abstract class InputTextTests(AppFixture fx)
{
    private Task<T> InDbAsync<T>(Func<KefuDeskDbContext, Task<T>> query) => Db.Query(fx, query);

    private static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<int> MessagesAsync(Guid conversationId) => InDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == conversationId));

    [Fact]
    public async Task A_message_with_a_nul_or_an_escape_sequence_is_refused_naming_the_field_and_nothing_is_stored()
    {
        await using var s = await Scenario.StartAsync(fx);
        var before = await MessagesAsync(s.ConversationId);

        var rest = await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/messages",
            RawJson("""{"clientMessageId":"nul-1","body":"abc\u0000def"}"""));
        var problem = await rest.AssertProblemAsync(HttpStatusCode.BadRequest, "text_invalid");
        Assert.Contains("“body”", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await s.Buyer.Http.PostAsync("/api/widget/messages", RawJson("""{"clientMessageId":"esc-1","body":"\u001b[2J\u001b[31m红字"}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "text_invalid");
        var hub = await Assert.ThrowsAsync<HubException>(() => s.BuyerHub.InvokeAsync<MessageView>("SendMessage", new BuyerSendRequest("nul-2", "abc\0def", null)));
        Assert.Contains("text_invalid", hub.Message, StringComparison.Ordinal);
        var agentHub = await Assert.ThrowsAsync<HubException>(() =>
            s.AgentHub.InvokeAsync<MessageView>("AddNote", new AgentSendRequest(s.ConversationId, "nul-3", "内部\u0085备注")));
        Assert.Contains("text_invalid", agentHub.Message, StringComparison.Ordinal);

        Assert.Equal(before, await MessagesAsync(s.ConversationId));
        Assert.Equal(HttpStatusCode.OK, (await s.Agent.Http.PostAsJsonAsync($"/api/conversations/{s.ConversationId}/messages",
            new { clientMessageId = "nul-1", body = "abcdef" }, Json.Options)).StatusCode); // corrected, the same id goes through
    }

    [Fact]
    public async Task Refusals_are_worded_in_the_callers_language()
    {
        await using var s = await Scenario.StartAsync(fx);

        var english = await (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/notes?culture=en",
            RawJson("""{"clientMessageId":"lang-1","body":"a\u0007b"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "text_invalid");
        var chinese = await (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/notes",
            RawJson("""{"clientMessageId":"lang-2","body":"a\u0007b"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "text_invalid");

        Assert.Contains("contains a control character", english.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("含有控制字符", chinese.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_names_templates_and_remarks_with_control_characters_are_refused_and_nothing_changes()
    {
        await using var s = await Scenario.StartAsync(fx);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var order = await OrderSeed.AddAsync(fx, s.Buyer.Session.CustomerId, OrderStatus.AwaitingPayment);
        var shop = fx.World.Shop.Id;
        var messages = await MessagesAsync(s.ConversationId);
        var templates = await InDbAsync(db => db.ReminderTemplates.CountAsync());

        async Task Refused(HttpResponseMessage response, string field)
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "text_invalid");
            Assert.Contains($"“{field}”", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        await Refused(await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/notes",
            RawJson("""{"clientMessageId":"note-1","body":"@小王 看\u0000一下"}""")), "body");
        await Refused(await s.Buyer.Http.PutAsync("/api/widget/profile", RawJson("""{"name":"王\u0000五","phone":"13800138000"}""")), "name");
        await Refused(await supervisor.Http.PostAsync($"/api/shops/{shop}/reminder-templates", RawJson("""{"name":"催付","text":"快\u0000付款"}""")), "text");
        await Refused(await s.Agent.Http.PutAsync($"/api/orders/{order.Id}/remark", RawJson("""{"remark":"顺丰\u001b[0m"}""")), "remark");
        await Refused(await s.Agent.Http.PutAsync($"/api/orders/{order.Id}/address",
            RawJson("""{"receiverName":"李\u0000雷","receiverPhone":"13900001111","address":"上海市浦东新区世纪大道 8 号"}""")), "receiverName");

        Assert.Equal(messages, await MessagesAsync(s.ConversationId));
        Assert.Equal(templates, await InDbAsync(db => db.ReminderTemplates.CountAsync()));
        var stored = await OrderSeed.ReloadAsync(fx, order.Id);
        Assert.Equal((null, "王小明", "13812345678"), (stored.Remark, stored.ReceiverName, stored.ReceiverPhone));
        var buyer = await InDbAsync(db => db.Customers.SingleAsync(c => c.Id == s.Buyer.Session.CustomerId));
        Assert.Null(buyer.DisplayName);
        Assert.Null(buyer.Phone);
        Assert.Empty(await OrderSeed.AuditAsync(fx, order.Id));
    }

    [Fact]
    public async Task Broken_text_is_refused_not_stored_with_replacement_characters()
    {
        await using var s = await Scenario.StartAsync(fx);
        var before = await MessagesAsync(s.ConversationId);

        // A lone surrogate, escaped: valid JSON, not text.
        await (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/messages",
            RawJson("""{"clientMessageId":"half-1","body":"emoji \ud83d only half"}"""))).AssertProblemAsync(HttpStatusCode.BadRequest, "text_invalid");
        // Bytes that are not UTF-8 inside a string.
        var bytes = Encoding.UTF8.GetBytes("""{"clientMessageId":"bytes-1","body":"abc!!def"}""");
        var bang = Array.IndexOf(bytes, (byte)'!');
        (bytes[bang], bytes[bang + 1]) = (0xC3, 0x28);
        using var invalid = new ByteArrayContent(bytes);
        invalid.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        await (await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/messages", invalid))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "text_invalid");

        Assert.Equal(before, await MessagesAsync(s.ConversationId));
        Assert.DoesNotContain('\uFFFD', string.Concat(await InDbAsync(db => db.Messages.Where(m => m.ConversationId == s.ConversationId).Select(m => m.Body).ToListAsync())));
    }

    [Fact]
    public async Task Text_is_stored_in_nfc_with_newline_line_breaks_and_ids_come_through_unchanged()
    {
        await using var s = await Scenario.StartAsync(fx);

        var sent = await s.Agent.Http.PostAsync($"/api/conversations/{s.ConversationId}/messages",
            RawJson("""{"clientMessageId":"nfc:1@x","body":"Cafe\u0301\r\n第二行\r第三行\t好"}"""));
        var view = (await sent.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;

        Assert.Equal("Café\n第二行\n第三行\t好", view.Body);
        Assert.Equal("Café\n第二行\n第三行\t好", await InDbAsync(db => db.Messages.Where(m => m.Id == view.Id).Select(m => m.Body).SingleAsync()));
        Assert.Equal("nfc:1@x", await InDbAsync(db => db.Messages.Where(m => m.Id == view.Id).Select(m => m.ClientMessageId).SingleAsync()));
    }

    [Fact]
    public async Task A_preview_cut_at_its_length_never_keeps_half_an_emoji()
    {
        using var buyer = await fx.NewBuyerAsync();
        var body = new string('好', Conversation.PreviewLength - 1) + "😀" + "尾";

        var sent = await buyer.Http.PostAsJsonAsync("/api/widget/messages", new { clientMessageId = "emoji-cut", body }, Json.Options);

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var conversationId = (await sent.Content.ReadFromJsonAsync<MessageView>(Json.Options))!.ConversationId;
        var preview = await InDbAsync(db => db.Conversations.Where(c => c.Id == conversationId).Select(c => c.LastMessagePreview).SingleAsync());
        Assert.Equal(new string('好', Conversation.PreviewLength - 1), preview);
    }

    [Fact]
    public async Task The_store_refuses_a_control_character_whatever_path_it_came_by()
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        var organisation = await db.Shops.Where(s => s.Id == fx.World.Shop.Id).Select(s => s.OrganisationId).SingleAsync();
        var id = Guid.NewGuid();
        db.Customers.Add(Customer.KnownBuyer(id, organisation, "王\0五", null, null, DateTime.UtcNow));

        var refused = await Assert.ThrowsAsync<KefuDeskException>(() => db.SaveChangesAsync());

        Assert.Equal(KefuDeskError.TextInvalid, refused.Error);
        Assert.Contains("Customer.DisplayName", refused.Detail, StringComparison.Ordinal);
        Assert.False(await InDbAsync(d => d.Customers.AnyAsync(c => c.Id == id)));
    }

    [Fact]
    public async Task Phone_numbers_are_checked_as_phone_numbers()
    {
        using var buyer = await fx.NewBuyerAsync();
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var order = await OrderSeed.AddAsync(fx, await OrderSeed.BuyerAsync(fx), OrderStatus.AwaitingShipment);

        foreach (var notANumber in new[] { "-0.01", "1e10", "12345", "1380013800", "+86 138 0013 8000 ext 2" })
        {
            await (await buyer.Http.PutAsJsonAsync("/api/widget/profile", new { phone = notANumber }, Json.Options))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "profile_invalid");
            await (await agent.Http.PutAsJsonAsync($"/api/orders/{order.Id}/address",
                    new { receiverName = "李雷", receiverPhone = notANumber, address = "上海市浦东新区世纪大道 8 号" }, Json.Options))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "order_address_invalid");
        }

        Assert.Equal("13812345678", (await OrderSeed.ReloadAsync(fx, order.Id)).ReceiverPhone);
        Assert.Null(await InDbAsync(db => db.Customers.Where(c => c.Id == buyer.Session.CustomerId).Select(c => c.Phone).FirstOrDefaultAsync()));

        var described = await buyer.Http.PutAsJsonAsync("/api/widget/profile", new { phone = "+86 139-0000-1111" }, Json.Options);
        Assert.Equal("13900001111", (await described.Content.ReadFromJsonAsync<BuyerDetails>(Json.Options))!.Phone);
        var moved = await agent.Http.PutAsJsonAsync($"/api/orders/{order.Id}/address",
            new { receiverName = "李雷", receiverPhone = "010-8888 6666", address = "北京市朝阳区建国路 1 号" }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("01088886666", (await OrderSeed.ReloadAsync(fx, order.Id)).ReceiverPhone);
    }
}

public sealed class InputTextTests_Sqlite(SqliteApp fx) : InputTextTests(fx), IClassFixture<SqliteApp>;

public sealed class InputTextTests_Postgres(PostgresApp fx) : InputTextTests(fx), IClassFixture<PostgresApp>;

/// <summary>Reads the test's database directly.</summary>
internal static class Db
{
    public static async Task<T> Query<T>(AppFixture fx, Func<KefuDeskDbContext, Task<T>> query)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        return await query(db);
    }
}
