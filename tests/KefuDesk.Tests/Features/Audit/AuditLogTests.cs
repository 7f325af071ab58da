using System.Net;
using System.Net.Http.Json;
using System.Text;
using KefuDesk.Features.Audit;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Audit;

/// <summary>Admins read the audit log: filtered by who, what, which record and which days, paged, and exported as CSV.</summary>
public abstract class AuditLogTests(AppFixture fx)
{
    [Fact]
    public async Task An_admin_filters_pages_and_exports_the_log_and_nobody_else_reads_it()
    {
        var org = OrganisationId();
        var shop = fx.World.Shop.Id;
        var subject = Guid.CreateVersion7();
        var agent = new AuditActor(fx.World.Agent.Id, "小美");
        var day = new DateTime(2026, 3, 10, 2, 0, 0, DateTimeKind.Utc); // 10:00 in Shanghai
        await using (var scope = fx.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
            for (var i = 0; i < 7; i++)
            {
                db.AuditEntries.Add(new AuditEntry(org, shop, AuditSubjects.Order, subject, $"AUD2026031000{i}", "order.remark_changed", agent,
                    day.AddMinutes(i), new { remark = "旧" }, new { remark = "新" }));
            }

            // A note a spreadsheet would run as a formula, from the platform, the next day (shop time).
            db.AuditEntries.Add(new AuditEntry(org, shop, AuditSubjects.Order, subject, "AUD20260311999", "order.synced", AuditActor.System("platform"),
                day.AddDays(1), null, new { status = "shipped" }, "=HYPERLINK(\"x\")"));
            await db.SaveChangesAsync();
        }

        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var page = await PageAsync(admin, "record=AUD2026031&pageSize=5");
        Assert.Equal(8, page.Total);
        Assert.Equal(5, page.Items.Count);
        Assert.Equal("AUD20260311999", page.Items[0].SubjectRef); // newest first
        Assert.Equal(3, (await PageAsync(admin, "record=AUD2026031&pageSize=5&page=2")).Items.Count);

        Assert.Equal(7, (await PageAsync(admin, $"record=AUD2026031&actor={fx.World.Agent.Id}")).Total);
        Assert.Equal("order.synced", Assert.Single((await PageAsync(admin, "record=AUD2026031&actor=system")).Items).Action);
        Assert.Equal(7, (await PageAsync(admin, "record=AUD2026031&action=order.remark_changed")).Total);
        Assert.Equal(7, (await PageAsync(admin, "record=AUD2026031&from=2026-03-10&to=2026-03-10")).Total);
        Assert.Equal(1, (await PageAsync(admin, "record=AUD2026031&from=2026-03-11")).Total);
        Assert.Equal(0, (await PageAsync(admin, "record=AUD2026031&subject=complaint")).Total);

        await (await admin.Http.GetAsync("/api/audit?from=2026-03-11&to=2026-03-10")).AssertProblemAsync(HttpStatusCode.BadRequest, "audit_filter_invalid");
        await (await admin.Http.GetAsync("/api/audit?actor=someone")).AssertProblemAsync(HttpStatusCode.BadRequest, "audit_filter_invalid");
        await (await admin.Http.GetAsync("/api/audit?pageSize=500")).AssertProblemAsync(HttpStatusCode.BadRequest, "paging_invalid");
        await (await admin.Http.GetAsync("/api/audit/export?from=2026-03-11&to=2026-03-10")).AssertProblemAsync(HttpStatusCode.BadRequest, "audit_filter_invalid");

        var export = await admin.Http.GetAsync("/api/audit/export?record=AUD2026031");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // Excel reads the Chinese as UTF-8
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(9, lines.Count);
        Assert.StartsWith("\"时间\",\"店铺\",\"操作人\",\"操作\"", lines[0]);
        Assert.Contains("\"2026-03-11 10:00:00\"", lines[1]);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", lines[1]);
        Assert.Contains("\"小美\"", lines[2]);
        Assert.Contains("\"AUD20260310006\"", lines[2]);

        foreach (var staff in new[] { fx.World.Supervisor, fx.World.Agent })
        {
            await using var client = await fx.SignInAsync(staff);
            await (await client.Http.GetAsync("/api/audit")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await (await client.Http.GetAsync("/api/audit/export")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }
    }

    private static async Task<AuditPage> PageAsync(StaffClient admin, string query)
    {
        var response = await admin.Http.GetAsync("/api/audit?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AuditPage>(Json.Options))!;
    }

    private Guid OrganisationId()
    {
        using var scope = fx.App.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>().Shops.Where(s => s.Id == fx.World.Shop.Id).Select(s => s.OrganisationId).First();
    }
}

public sealed class AuditLogTests_Sqlite(SqliteApp fx) : AuditLogTests(fx), IClassFixture<SqliteApp>;

public sealed class AuditLogTests_Postgres(PostgresApp fx) : AuditLogTests(fx), IClassFixture<PostgresApp>;
