using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Realtime;
using KefuDesk.Features.Widget;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Widget;

/// <summary>The widget's REST side: sessions, sending, reading, and every kind of bad input.</summary>
public abstract class WidgetApiTests(AppFixture fx)
{
    private static object Message(string? body, string? clientMessageId = null, Guid? conversationId = null) =>
        new { clientMessageId = clientMessageId ?? Guid.NewGuid().ToString(), body, conversationId };

    private async Task<int> MessageCountAsync(Guid conversationId)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        return await db.Messages.CountAsync(m => m.ConversationId == conversationId);
    }

    [Fact]
    public async Task A_session_gives_a_visitor_identity_that_survives_a_reload()
    {
        using var buyer = await fx.NewBuyerAsync();
        var (http, _) = Clients.Http(fx.App);

        var again = await http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey = fx.World.Shop.WidgetKey, visitorToken = buyer.Token });
        var session = (await again.Content.ReadFromJsonAsync<WidgetSession>(Json.Options))!;

        Assert.Equal(buyer.Session.CustomerId, session.CustomerId);
        Assert.Equal("测试旗舰店", session.Shop.Name);
        Assert.Equal(6, session.VisitorCode.Length);
    }

    [Fact]
    public async Task A_token_from_another_shop_or_a_forged_one_starts_a_new_visitor()
    {
        using var buyer = await fx.NewBuyerAsync();
        var (http, _) = Clients.Http(fx.App);

        var otherShop = await http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey = fx.World.OtherShop.WidgetKey, visitorToken = buyer.Token });
        var forged = await http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey = fx.World.Shop.WidgetKey, visitorToken = "not-a-token" });

        Assert.NotEqual(buyer.Session.CustomerId, (await otherShop.Content.ReadFromJsonAsync<WidgetSession>(Json.Options))!.CustomerId);
        Assert.NotEqual(buyer.Session.CustomerId, (await forged.Content.ReadFromJsonAsync<WidgetSession>(Json.Options))!.CustomerId);
    }

    [Fact]
    public async Task Unknown_or_missing_shop_keys_are_refused_clearly()
    {
        var (http, _) = Clients.Http(fx.App);

        await (await http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey = "no-such-shop" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "shop_not_found");
        await (await http.PostAsJsonAsync("/api/widget/sessions", new { widgetKey = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
    }

    [Fact]
    public async Task A_buyer_sends_and_reads_their_thread()
    {
        using var buyer = await fx.NewBuyerAsync();

        var sent = await buyer.Http.PostAsJsonAsync("/api/widget/messages", Message("你好,请问有货吗?"));
        var message = (await sent.Content.ReadFromJsonAsync<MessageView>(Json.Options))!;
        var thread = (await buyer.Http.GetFromJsonAsync<BuyerThread>("/api/widget/thread", Json.Options))!;

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(message.ConversationId, thread.ConversationId);
        Assert.Equal("你好,请问有货吗?", Assert.Single(thread.Messages).Body);
        Assert.False(thread.HasMore);
    }

    [Fact]
    public async Task A_new_visitor_has_an_empty_thread()
    {
        using var buyer = await fx.NewBuyerAsync();

        var thread = (await buyer.Http.GetFromJsonAsync<BuyerThread>("/api/widget/thread", Json.Options))!;

        Assert.Null(thread.ConversationId);
        Assert.Empty(thread.Messages);
    }

    [Fact]
    public async Task Markup_is_stored_and_returned_as_the_text_that_was_typed()
    {
        using var buyer = await fx.NewBuyerAsync();
        const string markup = "<img src=x onerror=alert(1)><script>alert('x')</script>";

        var sent = await buyer.Http.PostAsJsonAsync("/api/widget/messages", Message(markup));

        Assert.Equal(markup, (await sent.Content.ReadFromJsonAsync<MessageView>(Json.Options))!.Body);
    }

    [Fact]
    public async Task Bad_messages_are_refused_and_nothing_is_stored()
    {
        using var buyer = await fx.NewBuyerAsync();
        var first = (await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", Message("开始"))).Content
            .ReadFromJsonAsync<MessageView>(Json.Options))!;

        await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", Message("   ")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "message_empty");
        await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", Message(new string('长', 5001))))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "message_too_long");
        await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", Message("hi", clientMessageId: "bad id")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "client_message_id_invalid");
        await (await buyer.Http.PostAsync("/api/widget/messages", new StringContent("{\"body\": ", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "payload_invalid");
        await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", Message("hi", conversationId: Guid.NewGuid())))
            .AssertProblemAsync(HttpStatusCode.NotFound, "conversation_not_found");

        Assert.Equal(1, await MessageCountAsync(first.ConversationId));
    }

    [Fact]
    public async Task A_buyer_cannot_post_into_or_read_another_buyers_conversation()
    {
        using var owner = await fx.NewBuyerAsync();
        using var stranger = await fx.NewBuyerAsync();
        var theirs = (await (await owner.Http.PostAsJsonAsync("/api/widget/messages", Message("我的"))).Content
            .ReadFromJsonAsync<MessageView>(Json.Options))!;

        await (await stranger.Http.PostAsJsonAsync("/api/widget/messages", Message("偷看", conversationId: theirs.ConversationId)))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "conversation_forbidden");
        await (await stranger.Http.GetAsync($"/api/widget/conversations/{theirs.ConversationId}/messages?after=0"))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "conversation_forbidden");

        Assert.Equal(1, await MessageCountAsync(theirs.ConversationId));
    }

    [Fact]
    public async Task Without_a_valid_visitor_token_the_widget_api_answers_401()
    {
        var (http, _) = Clients.Http(fx.App);

        await (await http.GetAsync("/api/widget/thread")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "forged");
        await (await http.PostAsJsonAsync("/api/widget/messages", Message("hi"))).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Catch_up_returns_what_came_after_a_sequence_in_order()
    {
        using var buyer = await fx.NewBuyerAsync();
        MessageView? last = null;
        for (var i = 1; i <= 5; i++)
        {
            last = (await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", Message($"第{i}条"))).Content
                .ReadFromJsonAsync<MessageView>(Json.Options))!;
        }

        var page = (await buyer.Http.GetFromJsonAsync<MessagePage>(
            $"/api/widget/conversations/{last!.ConversationId}/messages?after=2", Json.Options))!;

        Assert.Equal(["第3条", "第4条", "第5条"], page.Messages.Select(m => m.Body));
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task Errors_speak_the_buyers_language()
    {
        using var buyer = await fx.NewBuyerAsync();

        var zh = await (await buyer.Http.PostAsJsonAsync("/api/widget/messages", Message(""))).AssertProblemAsync(HttpStatusCode.BadRequest, "message_empty");
        var en = await (await buyer.Http.PostAsJsonAsync("/api/widget/messages?culture=en", Message(""))).AssertProblemAsync(HttpStatusCode.BadRequest, "message_empty");

        Assert.Equal("消息不能为空。", zh.GetProperty("title").GetString());
        Assert.Equal("A message cannot be empty.", en.GetProperty("title").GetString());
    }
}

public sealed class WidgetApiTests_Sqlite(SqliteApp fx) : WidgetApiTests(fx), IClassFixture<SqliteApp>;

public sealed class WidgetApiTests_Postgres(PostgresApp fx) : WidgetApiTests(fx), IClassFixture<PostgresApp>;
