using System.Net;
using System.Net.Http.Json;
using KefuDesk.Components;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Search;
using KefuDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Search;

/// <summary>History search over a real node and database, on both providers.</summary>
public abstract class MessageSearchTests(AppFixture fx)
{
    [Fact]
    public async Task Finds_chinese_words_of_two_and_three_characters_and_english_words()
    {
        var returns = await fx.BuyerWritesAsync("你好,我想退货,可以吗?");
        var slow = await fx.BuyerWritesAsync("你们发货慢死了,三天了还没动");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var english = await agent.RepliesAsync(slow.ConversationId, "Sorry! Your iPhone case ships today.");
        await fx.IndexedAsync([returns, slow, english]);

        var byReturn = await agent.SearchAsync("退货");
        var bySlow = await agent.SearchAsync("发货慢");
        var byWord = await agent.SearchAsync("IPHONE");
        var byFullWidth = await agent.SearchAsync("ｉｐｈｏｎｅ");

        var hit = Assert.Single(byReturn.Items, h => h.MessageId == returns.Id);
        Assert.Equal("退货", Assert.Single(hit.Excerpt, s => s.Match).Text);
        Assert.Equal("测试旗舰店", hit.ShopName);
        Assert.Equal(SenderKind.Customer, hit.Sender);
        Assert.Equal("发货慢", Assert.Single(Assert.Single(bySlow.Items, h => h.MessageId == slow.Id).Excerpt, s => s.Match).Text);
        Assert.DoesNotContain(bySlow.Items, h => h.MessageId == returns.Id);
        var englishHit = Assert.Single(byWord.Items, h => h.MessageId == english.Id);
        Assert.Equal("iPhone", Assert.Single(englishHit.Excerpt, s => s.Match).Text);
        Assert.Equal(fx.World.Agent.Id, englishHit.AssigneeId);
        Assert.Contains(byFullWidth.Items, h => h.MessageId == english.Id);
    }

    [Fact]
    public async Task Traditional_and_simplified_characters_find_each_other()
    {
        var word = SearchWorld.UniqueWord();
        var traditional = await fx.BuyerWritesAsync($"{word} 我要退貨,運費誰出?");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var simplified = await agent.RepliesAsync(traditional.ConversationId, $"{word} 运费我们出");
        await fx.IndexedAsync([traditional, simplified]);

        Assert.Equal([simplified.Id, traditional.Id], (await agent.SearchAsync($"{word} 运费&order=newest")).Items.Select(h => h.MessageId));
        Assert.Equal([simplified.Id, traditional.Id], (await agent.SearchAsync($"{word} 運費&order=newest")).Items.Select(h => h.MessageId));
        var hit = Assert.Single((await agent.SearchAsync($"{word} 退货")).Items);
        Assert.Contains(hit.Excerpt, s => s is { Match: true, Text: "退貨" });
    }

    [Fact]
    public async Task Better_matches_come_first()
    {
        var word = SearchWorld.UniqueWord();
        var passing = await fx.BuyerWritesAsync($"我想问一下这个订单的情况,昨天下午拍的,地址写错了需要改一下,另外{word}这个事情也顺便问问,还有发票怎么开,麻烦尽快回复,谢谢客服");
        var about = await fx.BuyerWritesAsync($"{word}!{word}怎么弄?");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await fx.IndexedAsync([passing, about]);

        var page = await agent.SearchAsync(word);

        Assert.Equal([about.Id, passing.Id], page.Items.Select(h => h.MessageId));
        Assert.True(page.Items[0].Score > page.Items[1].Score);
    }

    [Fact]
    public async Task Every_filter_narrows_the_results()
    {
        var word = SearchWorld.UniqueWord();
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var waiting = await fx.BuyerWritesAsync($"{word} 没人理我");
        var served = await fx.BuyerWritesAsync($"{word} 有人吗");
        var reply = await agent.RepliesAsync(served.ConversationId, $"在的,{word} 马上处理");
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{served.ConversationId}/tags", new { tag = "加急" })).EnsureSuccessStatusCode();
        var elsewhere = await fx.BuyerWritesAsync($"{word} 京东店", fx.World.OtherShop);
        await fx.IndexedAsync([waiting, served, reply, elsewhere]);

        async Task<IEnumerable<Guid>> Found(string filters) =>
            (await supervisor.SearchAsync($"{word}&{filters}")).Items.Select(h => h.MessageId).Order();
        IEnumerable<Guid> Ids(params MessageView[] messages) => messages.Select(m => m.Id).Order();
        var today = DateOnly.FromDateTime(Display.ShopTime(DateTime.UtcNow));

        Assert.Equal(Ids(waiting, served, reply, elsewhere), await Found(""));
        Assert.Equal(Ids(elsewhere), await Found($"shopId={fx.World.OtherShop.Id}"));
        Assert.Equal(Ids(served, reply), await Found($"agentId={fx.World.Agent.Id}"));
        Assert.Equal(Ids(served, reply), await Found("status=open"));
        Assert.Equal(Ids(waiting, elsewhere), (await Found("status=new")).Concat(await Found("status=queued")).Order());
        Assert.Equal(Ids(served, reply), await Found("tag=加急"));
        Assert.Equal(Ids(waiting, served, reply, elsewhere), await Found("channel=web"));
        Assert.Empty(await Found("channel=email"));
        Assert.Equal(Ids(waiting, served, reply, elsewhere), await Found($"from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}"));
        Assert.Empty(await Found($"from={today.AddDays(1):yyyy-MM-dd}"));
        Assert.Empty(await Found($"to={today.AddDays(-1):yyyy-MM-dd}"));
        Assert.Equal(Ids(reply), await Found($"agentId={fx.World.Agent.Id}&from={reply.CreatedAt.AddTicks(-10):O}"));
    }

    [Fact]
    public async Task Staff_find_nothing_in_shops_they_do_not_serve()
    {
        var word = SearchWorld.UniqueWord();
        var message = await fx.BuyerWritesAsync($"{word} 旗舰店的事");
        await fx.IndexedAsync([message]);
        await using var jd = await fx.SignInAsync(fx.World.OtherShopAgent);
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        Assert.Empty((await jd.SearchAsync(word)).Items);
        Assert.Empty((await jd.SearchAsync($"{word}&shopId={fx.World.Shop.Id}")).Items);
        Assert.Equal([message.Id], (await agent.SearchAsync(word)).Items.Select(h => h.MessageId));
    }

    [Fact]
    public async Task Pages_through_every_result_once()
    {
        var word = SearchWorld.UniqueWord();
        var sent = new List<MessageView>();
        var first = await fx.BuyerWritesAsync($"{word} 第1条");
        sent.Add(first);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        for (var i = 2; i <= 5; i++)
        {
            sent.Add(await agent.RepliesAsync(first.ConversationId, $"{word} 第{i}条"));
        }

        await fx.IndexedAsync(sent);

        var pages = new List<MessageSearchPage>();
        for (var offset = 0; offset < 6; offset += 2)
        {
            pages.Add(await agent.SearchAsync($"{word}&order=newest&offset={offset}&limit=2"));
        }

        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
        Assert.All(pages, p => Assert.Equal((5, true), (p.Total, p.TotalExact)));
        Assert.Equal(sent.Select(m => m.Id).Reverse(), pages.SelectMany(p => p.Items).Select(h => h.MessageId));
    }

    [Fact]
    public async Task Internal_notes_and_recalled_messages_are_found_and_marked()
    {
        var word = SearchWorld.UniqueWord();
        var opening = await fx.BuyerWritesAsync("在吗");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var note = await agent.NoteAsync(opening.ConversationId, $"{word} 买家可能是职业打假,谨慎");
        var reply = await agent.RepliesAsync(opening.ConversationId, $"{word} 发错了");
        (await agent.Http.PostAsync($"/api/conversations/{opening.ConversationId}/messages/{reply.Id}/recall", null)).EnsureSuccessStatusCode();
        await fx.IndexedAsync([note]);
        await fx.IndexedAsync([reply], recalled: true);

        var page = await agent.SearchAsync(word);

        Assert.True(Assert.Single(page.Items, h => h.MessageId == note.Id).Internal);
        Assert.True(Assert.Single(page.Items, h => h.MessageId == reply.Id).Recalled);
    }

    [Fact]
    public async Task A_message_is_findable_as_soon_as_its_sender_is_told_it_was_sent()
    {
        var word = SearchWorld.UniqueWord();
        var asked = await fx.BuyerWritesAsync($"{word} 的尺码偏大吗");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var answer = await agent.RepliesAsync(asked.ConversationId, $"{word} 按平时的尺码拍就好");
        var wrong = await agent.RepliesAsync(asked.ConversationId, $"{word} 发错了");

        // No waiting: the entries were written in the transactions that stored the messages.
        Assert.Equal(new[] { asked.Id, answer.Id, wrong.Id }.Order(), (await agent.SearchAsync(word)).Items.Select(h => h.MessageId).Order());

        (await agent.Http.PostAsync($"/api/conversations/{asked.ConversationId}/messages/{wrong.Id}/recall", null)).EnsureSuccessStatusCode();
        var afterRecall = await agent.SearchAsync(word);
        Assert.True(Assert.Single(afterRecall.Items, h => h.MessageId == wrong.Id).Recalled);
        Assert.False(Assert.Single(afterRecall.Items, h => h.MessageId == answer.Id).Recalled);
    }

    [Fact]
    public async Task Bad_input_gets_clear_problems()
    {
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        async Task Refused(string query, string code) =>
            await (await agent.Http.GetAsync("/api/search/messages?" + query)).AssertProblemAsync(HttpStatusCode.BadRequest, code);

        await Refused("q=", "search_query_empty");
        await Refused("q=%20%20", "search_query_empty");
        await Refused("q=%E3%80%82%EF%BC%81", "search_query_empty"); // 。! only
        await Refused("q=" + new string('退', 101), "search_query_too_long");
        await Refused("q=退货&from=yesterday", "search_date_invalid");
        await Refused("q=退货&to=2026-13-45", "search_date_invalid");
        await Refused("q=退货&from=2026-11-05&to=2026-11-01", "search_date_invalid");
        await Refused("q=退货&from=2026-11-05T10:00:00", "search_date_invalid");
        await Refused("q=退货&limit=0", "search_paging_invalid");
        await Refused("q=退货&limit=101", "search_paging_invalid");
        await Refused("q=退货&offset=-1", "search_paging_invalid");
        await Refused("q=退货&channel=fax", "payload_invalid");
        await Refused("q=退货&status=7", "payload_invalid");
        await Refused("q=退货&agentId=not-a-guid", "payload_invalid");
    }

    [Fact]
    public async Task The_upkeep_job_merges_what_chat_inserts_left_pending_and_everything_stays_findable()
    {
        var word = SearchWorld.UniqueWord();
        var sent = new List<MessageView>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add(await fx.BuyerWritesAsync($"{word} 第{i}个问题：能开发票吗？"));
        }

        await fx.IndexedAsync(sent);
        var upkeep = fx.App.Services.GetRequiredService<SearchIndexUpkeep>();
        await upkeep.RunOnceAsync(default);

        // On PostgreSQL the inserts were appended to the GIN index's pending list, merged now; SQLite has none.
        Assert.Equal(fx.Provider == KefuDesk.Infrastructure.Data.DatabaseProvider.Postgres, upkeep.LastMerged > 0);
        await upkeep.RunOnceAsync(default);
        Assert.Equal(0, upkeep.LastMerged);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        Assert.Equal(sent.Select(m => m.Id).Order(), (await agent.SearchAsync(word)).Items.Select(h => h.MessageId).Order());
    }

    [Fact]
    public async Task The_catch_up_job_indexes_messages_stored_without_an_entry()
    {
        var word = SearchWorld.UniqueWord();
        // Stored past the conversation writer: only the catch-up job can make it findable.
        var missed = await SearchOutage.WriteWithoutEntryAsync(fx, $"{word} 导入的历史消息");
        await using var agent = await fx.SignInAsync(fx.World.Agent);

        await SearchOutage.CatchUpAsync(fx);

        Assert.Equal([missed], (await agent.SearchAsync(word)).Items.Select(h => h.MessageId));
    }
}

public sealed class MessageSearchTests_Sqlite(SqliteApp fx) : MessageSearchTests(fx), IClassFixture<SqliteApp>;

public sealed class MessageSearchTests_Postgres(PostgresApp fx) : MessageSearchTests(fx), IClassFixture<PostgresApp>;
