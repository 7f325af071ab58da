using System.Net;
using KefuDesk.Features.Admin;
using KefuDesk.Features.Audit;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Features.Identity;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Admin;

/// <summary>An admin lets a locked-out staff member back in at once; it is on the record, and nobody else may.</summary>
public abstract class UnlockTests(AppFixture fx)
{
    [Fact]
    public async Task An_admin_unlocks_a_locked_account_on_the_record_and_a_supervisor_or_agent_cannot()
    {
        LimitSettings.FreshStart(fx);
        var member = await SignInLimitsTests.NewMemberAsync(fx, "unlock-me");
        await SignInLimitsTests.LockFromSeveralAddressesAsync(fx, member, net: 20);
        // Someone keeps guessing while it is locked: the account's budget is spent again.
        await SignInLimitsTests.LockFromSeveralAddressesAsync(fx, member, net: 21);
        var path = $"/api/agents/{member.Id}/unlock";

        await using (var supervisor = await fx.SignInAsync(fx.World.Supervisor))
        {
            await (await supervisor.Http.PostAsync(path, null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        await using (var agent = await fx.SignInAsync(fx.World.Agent))
        {
            await (await agent.Http.PostAsync(path, null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.NotNull(await SignInLimitsTests.LockedUntilAsync(fx, member));
        Assert.Empty(await AuditOfAsync(member));

        await using var admin = await fx.SignInAsync(fx.World.Admin);
        await (await admin.Http.PostAsync($"/api/agents/{Guid.NewGuid()}/unlock", null)).AssertProblemAsync(HttpStatusCode.NotFound, "agent_not_found");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync(path, null)).StatusCode);

        Assert.Null(await SignInLimitsTests.LockedUntilAsync(fx, member));
        var entry = Assert.Single(await AuditOfAsync(member));
        Assert.Equal((AuditSubjects.Agent, LockedAccounts.UnlockedAction, fx.World.Admin.Id, member.UserName),
            (entry.Subject, entry.Action, entry.ActorId, entry.SubjectRef));
        Assert.Equal(fx.World.Shop.Id, entry.ShopId);

        // The account has its whole budget again: one more wrong password does not lock it anew, and the right one opens.
        var (http, _) = Clients.From(fx.App, "127.0.20.1");
        await (await SignInLimitsTests.SignInAsync(http, member.UserName, "Wrong#Pass1")).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
        Assert.Equal(HttpStatusCode.OK, (await SignInLimitsTests.SignInAsync(http, member.UserName, member.Password)).StatusCode);
    }

    private async Task<List<AuditEntry>> AuditOfAsync(Member member)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        // The member's adding is on the record too; these are the unlocks.
        return await db.AuditEntries.AsNoTracking().Where(e => e.SubjectId == member.Id && e.Action == LockedAccounts.UnlockedAction).ToListAsync();
    }
}

public sealed class UnlockTests_Sqlite(LimitedSqliteApp fx) : UnlockTests(fx), IClassFixture<LimitedSqliteApp>;

public sealed class UnlockTests_Postgres(LimitedPostgresApp fx) : UnlockTests(fx), IClassFixture<LimitedPostgresApp>;
