using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KefuDesk.Features.AfterSales.Reviews;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.AfterSales.Reviews;

/// <summary>The JSON batch API: idempotent by platform review id, all or nothing, the same rules as the sheet.</summary>
public abstract partial class ReviewTests
{
    private static async Task<HttpResponseMessage> PushAsync(StaffClient who, Guid shopId, params ReviewInput[] reviews) =>
        await who.Http.PostAsJsonAsync(Api, new ReviewBatchInput(shopId, reviews), Json.Options);

    [Fact]
    public async Task The_api_upserts_reviews_by_their_platform_id_and_the_same_batch_twice_changes_nothing()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var (a, b) = (NewId(), NewId());
        var at = new DateTimeOffset(2026, 11, 10, 21, 30, 0, TimeSpan.FromHours(8));
        ReviewInput[] batch =
        [
            new(a, at, Stars: 5, Description: 5, Service: 5, Logistics: 4, Text: "很满意", BuyerNick: "a***1"),
            new(b, at.AddMinutes(3), Rating: "bad", Description: 2, Text: "物流太慢", BuyerNick: "b***2"),
        ];

        var first = await ImportedAsync(await PushAsync(supervisor, Shop, batch));
        var second = await ImportedAsync(await PushAsync(supervisor, Shop, batch));

        Assert.Equal((2, 2, 0, 1), (first.Rows, first.Created, first.Updated, first.Flagged));
        Assert.Equal((0, 0, 2, 0), (second.Created, second.Updated, second.Unchanged, second.Flagged));
        var stored = (await StoredAsync(b))!;
        Assert.Equal((ReviewRating.Bad, (int?)null, 2, at.AddMinutes(3).UtcDateTime), (stored.Rating, stored.Stars, stored.DescriptionScore!.Value, stored.ReviewedAt));
        Assert.Equal(4, (await StoredAsync(a))!.LogisticsScore);
    }

    [Fact]
    public async Task A_bad_item_in_a_batch_is_named_by_its_position_and_nothing_of_the_batch_is_stored()
    {
        await using var supervisor = await fx.SignInAsync(fx.World.Supervisor);
        var (good, bad) = (NewId(), NewId());
        var at = DateTimeOffset.UtcNow.AddDays(-1);

        var problem = await (await PushAsync(supervisor, Shop, new ReviewInput(good, at, Stars: 4), new ReviewInput(bad, at, Stars: 9, Service: 0),
                new ReviewInput(NewId(), null, Rating: "meh")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "review_import_rows");

        var errors = problem.GetProperty("errors").Deserialize<List<ReviewRowError>>(Json.Options)!;
        Assert.Equal([(2, "评分"), (2, "服务态度"), (3, "评分"), (3, "评价时间")], errors.Select(e => (e.Row, e.Column)));
        Assert.Null(await StoredAsync(good));
        await (await PushAsync(supervisor, Shop)).AssertProblemAsync(HttpStatusCode.BadRequest, "review_invalid"); // an empty batch
        await (await PushAsync(supervisor, Guid.NewGuid(), new ReviewInput(NewId(), at, Stars: 5)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "review_invalid"); // not a shop of theirs
    }
}
