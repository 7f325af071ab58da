using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.Search;

/// <summary>Transcripts for disputes: complete, ordered, and with a hash a third party can recompute.</summary>
public abstract class TranscriptTests(AppFixture fx)
{
    private static async Task<JsonElement> TranscriptAsync(StaffClient staff, Guid conversationId, bool withNotes = false)
    {
        var response = await staff.Http.GetAsync($"/api/conversations/{conversationId}/transcript?internal={(withNotes ? "true" : "false")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Lists_every_message_in_order_with_notes_only_on_request_and_a_stable_hash()
    {
        var opening = await fx.BuyerWritesAsync("收到的杯子\n有裂痕\t怎么办");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await agent.RepliesAsync(opening.ConversationId, "非常抱歉,请拍照给我们");
        await agent.NoteAsync(opening.ConversationId, "老客户,可以补偿");

        var first = await TranscriptAsync(agent, opening.ConversationId);
        var again = await TranscriptAsync(agent, opening.ConversationId);
        var withNotes = await TranscriptAsync(agent, opening.ConversationId, withNotes: true);

        Assert.Equal("kefudesk-transcript/1", first.GetProperty("format").GetString());
        Assert.Equal("测试旗舰店", first.GetProperty("shopName").GetString());
        Assert.Equal([1L, 2], first.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("sequence").GetInt64()));
        Assert.Equal(first.GetProperty("contentHash").GetString(), again.GetProperty("contentHash").GetString());
        Assert.Equal(["customer", "agent", "agent"], withNotes.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("sender").GetString()));
        Assert.True(withNotes.GetProperty("messages")[2].GetProperty("internal").GetBoolean());
        Assert.NotEqual(first.GetProperty("contentHash").GetString(), withNotes.GetProperty("contentHash").GetString());
        Assert.Contains(withNotes.GetProperty("agents").EnumerateArray(), a => a.GetProperty("id").GetGuid() == fx.World.Agent.Id);
    }

    [Fact]
    public async Task The_hash_is_recomputed_from_the_json_as_the_documentation_says()
    {
        var opening = await fx.BuyerWritesAsync("订单 XL20261121001 还没发货\\急");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        await agent.RepliesAsync(opening.ConversationId, "亲,今天发出");
        await agent.NoteAsync(opening.ConversationId, "催仓库");

        foreach (var withNotes in new[] { false, true })
        {
            var transcript = await TranscriptAsync(agent, opening.ConversationId, withNotes);
            Assert.Equal(transcript.GetProperty("contentHash").GetString(), ThirdPartyHash(transcript));
        }
    }

    [Fact]
    public async Task The_hash_changes_when_a_message_is_recalled()
    {
        var opening = await fx.BuyerWritesAsync("在吗");
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var reply = await agent.RepliesAsync(opening.ConversationId, "可以退款 100 元");
        var before = await TranscriptAsync(agent, opening.ConversationId);

        (await agent.Http.PostAsync($"/api/conversations/{opening.ConversationId}/messages/{reply.Id}/recall", null)).EnsureSuccessStatusCode();
        var after = await TranscriptAsync(agent, opening.ConversationId);

        Assert.NotEqual(before.GetProperty("contentHash").GetString(), after.GetProperty("contentHash").GetString());
        var recalled = after.GetProperty("messages")[1];
        Assert.Equal(JsonValueKind.String, recalled.GetProperty("recalledAt").ValueKind);
        Assert.Equal("可以退款 100 元", recalled.GetProperty("body").GetString()); // on record for staff
        Assert.Equal(after.GetProperty("contentHash").GetString(), ThirdPartyHash(after));
    }

    [Fact]
    public async Task Staff_of_other_shops_get_no_transcript()
    {
        var opening = await fx.BuyerWritesAsync("旗舰店的会话");
        await using var jd = await fx.SignInAsync(fx.World.OtherShopAgent);

        await (await jd.Http.GetAsync($"/api/conversations/{opening.ConversationId}/transcript"))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "conversation_forbidden");
        await (await jd.Http.GetAsync($"/api/conversations/{Guid.NewGuid()}/transcript"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "conversation_not_found");
    }

    /// <summary>docs/search.md, "Checking a transcript's hash", written out independently of the server's code.</summary>
    private static string ThirdPartyHash(JsonElement t)
    {
        static string Esc(JsonElement e) => e.ValueKind == JsonValueKind.Null ? ""
            : e.GetString()!.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\r", "\\r").Replace("\n", "\\n");
        static string Time(JsonElement e) => e.ValueKind == JsonValueKind.Null ? ""
            : DateTime.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)
                .ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        static string Raw(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Null => "",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => e.GetRawText(),
            _ => e.GetString()!,
        };

        var lines = new List<string>
        {
            "kefudesk-transcript/1",
            "conversation\t" + Raw(t.GetProperty("conversationId")),
            "shop\t" + Raw(t.GetProperty("shopId")),
            "channel\t" + Raw(t.GetProperty("channel")),
            "customer\t" + Raw(t.GetProperty("customerId")),
            "started\t" + Time(t.GetProperty("startedAt")),
            "subject\t" + Esc(t.GetProperty("subject")),
            "internal\t" + Raw(t.GetProperty("includesInternal")),
        };
        foreach (var m in t.GetProperty("messages").EnumerateArray())
        {
            lines.Add(string.Join('\t', "message", Raw(m.GetProperty("sequence")), Raw(m.GetProperty("id")), Time(m.GetProperty("at")),
                Raw(m.GetProperty("kind")), Raw(m.GetProperty("sender")), Raw(m.GetProperty("senderAgentId")), Esc(m.GetProperty("senderName")),
                Raw(m.GetProperty("internal")), Time(m.GetProperty("recalledAt")), Esc(m.GetProperty("body"))));
            if (m.GetProperty("attachment") is { ValueKind: JsonValueKind.Object } a)
            {
                lines.Add(string.Join('\t', "attachment", Raw(a.GetProperty("id")), Esc(a.GetProperty("fileName")), Esc(a.GetProperty("contentType")),
                    Raw(a.GetProperty("size"))));
            }

            if (m.GetProperty("product") is { ValueKind: JsonValueKind.Object } p)
            {
                lines.Add(string.Join('\t', "product", Raw(p.GetProperty("productId")), Esc(p.GetProperty("sku")), Esc(p.GetProperty("title")),
                    Raw(p.GetProperty("priceFen"))));
            }

            if (m.GetProperty("order") is { ValueKind: JsonValueKind.Object } o)
            {
                lines.Add(string.Join('\t', "order", Raw(o.GetProperty("orderId")), Esc(o.GetProperty("orderNo")), Raw(o.GetProperty("status")),
                    Raw(o.GetProperty("totalFen"))));
            }

            if (m.GetProperty("rating").ValueKind == JsonValueKind.String)
            {
                lines.Add("rating\t" + Raw(m.GetProperty("rating")));
            }
        }

        var canonical = string.Concat(lines.Select(l => l + "\n"));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

public sealed class TranscriptTests_Sqlite(SqliteApp fx) : TranscriptTests(fx), IClassFixture<SqliteApp>;

public sealed class TranscriptTests_Postgres(PostgresApp fx) : TranscriptTests(fx), IClassFixture<PostgresApp>;
