using System.Net;
using System.Net.Http.Json;
using KefuDesk.Features.Shop;
using KefuDesk.Features.Shop.Products;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Shop;

/// <summary>Products beside the chat: the buyer's recent purchases, and the shop's products found by title or SKU.</summary>
public abstract class ProductQueriesTests(AppFixture fx)
{
    [Fact]
    public async Task Recent_products_come_from_the_buyers_latest_orders_each_once_matched_by_id_or_sku()
    {
        var prefix = Guid.NewGuid().ToString("N")[..6];
        var (cup, kettle, fan) = (await ProductAsync(prefix + "-CUP", "保温杯"), await ProductAsync(prefix + "-KET", "电水壶"), await ProductAsync(prefix + "-FAN", "小风扇"));
        var buyer = await OrderSeed.BuyerAsync(fx);
        await using (var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext())
        {
            var older = new Order(Guid.NewGuid(), fx.World.Shop.Id, buyer, "P" + prefix + "1", OrderStatus.Completed, DateTime.UtcNow.AddDays(-9), "王", "13800000000", "杭州市西湖区文三路");
            older.AddItem(Guid.NewGuid(), cup.Id, cup.Sku, cup.Title, cup.PriceFen, 1);
            older.AddItem(Guid.NewGuid(), null, fan.Sku, "小风扇（平台标题）", fan.PriceFen, 1); // the platform sent only the SKU
            var newer = new Order(Guid.NewGuid(), fx.World.Shop.Id, buyer, "P" + prefix + "2", OrderStatus.Shipped, DateTime.UtcNow.AddDays(-1), "王", "13800000000", "杭州市西湖区文三路");
            newer.AddItem(Guid.NewGuid(), kettle.Id, kettle.Sku, kettle.Title, kettle.PriceFen, 1);
            newer.AddItem(Guid.NewGuid(), cup.Id, cup.Sku, cup.Title, cup.PriceFen, 2);
            db.Orders.AddRange(older, newer);
            await db.SaveChangesAsync();
        }

        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var recent = (await agent.Http.GetFromJsonAsync<List<ProductRow>>($"/api/customers/{buyer}/recent-products?shopId={fx.World.Shop.Id}", Json.Options))!;
        Assert.Equal(3, recent.Count);
        Assert.Equal(fan.Id, recent[^1].Id);
        Assert.Equal(new[] { cup.Id, kettle.Id }.Order(), recent.Take(2).Select(p => p.Id).Order());

        await using var stranger = await fx.SignInAsync(fx.World.OtherShopAgent);
        await (await stranger.Http.GetAsync($"/api/customers/{buyer}/recent-products?shopId={fx.World.Shop.Id}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "shop_not_found");
    }

    [Fact]
    public async Task A_product_whose_card_was_in_the_chat_is_among_the_recent_ones_as_talked_about_and_bought_ones_say_so()
    {
        var prefix = Guid.NewGuid().ToString("N")[..6];
        var (earbuds, kettle) = (await ProductAsync(prefix + "-EAR", "降噪耳机"), await ProductAsync(prefix + "-KET", "电水壶"));
        using var buyer = await fx.NewBuyerAsync();

        // The buyer sends the product's card (through the API, as a shop's own app would).
        Assert.Equal(HttpStatusCode.OK, (await buyer.Http.PostAsJsonAsync("/api/widget/messages",
            new { clientMessageId = "ask-" + prefix, body = "这款耳机有现货吗?", productId = earbuds.Id })).StatusCode);

        // Three days ago they bought a kettle (the buyer is on record once they have written).
        await using (var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext())
        {
            var bought = new Order(Guid.NewGuid(), fx.World.Shop.Id, buyer.Session.CustomerId, "P" + prefix + "1", OrderStatus.Completed,
                DateTime.UtcNow.AddDays(-3), "王", "13800000000", "杭州市西湖区文三路");
            bought.AddItem(Guid.NewGuid(), kettle.Id, kettle.Sku, kettle.Title, kettle.PriceFen, 1);
            db.Orders.Add(bought);
            await db.SaveChangesAsync();
        }

        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var recent = (await agent.Http.GetFromJsonAsync<List<ProductRow>>(
            $"/api/customers/{buyer.Session.CustomerId}/recent-products?shopId={fx.World.Shop.Id}", Json.Options))!;
        Assert.Equal([(earbuds.Id, RecentReason.Discussed), (kettle.Id, RecentReason.Bought)], recent.Select(p => (p.Id, p.Reason!.Value)));

        // Found by search, a product has no reason.
        var found = (await agent.Http.GetFromJsonAsync<List<ProductRow>>($"/api/shops/{fx.World.Shop.Id}/products?q={prefix}-EAR", Json.Options))!;
        Assert.Null(Assert.Single(found).Reason);
    }

    [Fact]
    public async Task The_shops_products_are_found_by_title_or_sku_prefix()
    {
        var prefix = "Q" + Guid.NewGuid().ToString("N")[..6];
        var bottle = await ProductAsync(prefix + "-B1", "运动水杯 " + prefix);
        await ProductAsync(prefix + "-B2", "儿童水杯 " + prefix);
        await using var agent = await fx.SignInAsync(fx.World.Agent);
        var byTitle = (await agent.Http.GetFromJsonAsync<List<ProductRow>>($"/api/shops/{fx.World.Shop.Id}/products?q=运动水杯 {prefix}", Json.Options))!;
        Assert.Equal(bottle.Id, Assert.Single(byTitle).Id);
        var bySku = (await agent.Http.GetFromJsonAsync<List<ProductRow>>($"/api/shops/{fx.World.Shop.Id}/products?q={prefix}-B", Json.Options))!;
        Assert.Equal(2, bySku.Count);
        await (await agent.Http.GetAsync($"/api/shops/{fx.World.Shop.Id}/products?q={new string('x', 101)}"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "search_query_too_long");
    }

    private async Task<Product> ProductAsync(string sku, string title)
    {
        await using var db = fx.App.Services.GetRequiredService<IDbContextFactory<KefuDeskDbContext>>().CreateDbContext();
        var product = new Product(Guid.NewGuid(), fx.World.Shop.Id, sku, title, 3_900, 10, "/demo/products/bottle.svg", DateTime.UtcNow);
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product;
    }
}

public sealed class ProductQueriesTests_Sqlite(SqliteApp fx) : ProductQueriesTests(fx), IClassFixture<SqliteApp>;

public sealed class ProductQueriesTests_Postgres(PostgresApp fx) : ProductQueriesTests(fx), IClassFixture<PostgresApp>;
