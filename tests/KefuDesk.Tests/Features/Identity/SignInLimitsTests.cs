using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KefuDesk.Features.Admin;
using KefuDesk.Features.Identity;
using KefuDesk.Infrastructure.Data;
using KefuDesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KefuDesk.Tests.Features.Identity;

/// <summary>A staff member some caller wants to sign in as.</summary>
public sealed record Member(Guid Id, string UserName, string Password);

/// <summary>
/// Sign-in limits at low settings (<see cref="LimitSettings"/>): per address before any lockout,
/// the account's own lockout from several addresses, and answers that do not tell names apart.
/// Each test is its own set of loopback addresses (127.0.N.x), so each is a caller of its own.
/// </summary>
public abstract partial class SignInLimitsTests(AppFixture fx)
{
    private const string WrongPassword = "Wrong#Pass1";

    [Fact]
    public async Task Repeated_wrong_passwords_from_one_address_get_429_with_Retry_After_before_the_account_locks_and_the_right_one_works_later()
    {
        LimitSettings.FreshStart(fx);
        var member = await NewMemberAsync(fx, "guessed");
        var (http, _) = Clients.From(fx.App, "127.0.1.1");

        for (var i = 0; i < LimitSettings.SignInPerAddress; i++)
        {
            await (await SignInAsync(http, member.UserName, WrongPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
        }

        var refused = await SignInAsync(http, member.UserName, WrongPassword);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_too_many_attempts");
        var wait = RetryAfterOf(refused);
        Assert.InRange(wait, 1, (int)LimitSettings.SignInRefill.TotalSeconds);
        Assert.Equal(wait, problem.GetProperty("retryAfter").GetInt32());

        // The address has no attempts left, so even the right password waits; the account is not locked.
        await (await SignInAsync(http, member.UserName, member.Password)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_too_many_attempts");
        Assert.Null(await LockedUntilAsync(fx, member));

        fx.Clock!.Advance(TimeSpan.FromSeconds(wait));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(http, member.UserName, member.Password)).StatusCode);
    }

    [Fact]
    public async Task Right_passwords_give_their_attempt_back_so_colleagues_behind_one_address_keep_signing_in()
    {
        LimitSettings.FreshStart(fx);
        var member = await NewMemberAsync(fx, "office");
        var address = "127.0.2.1";
        var (typo, _) = Clients.From(fx.App, address);
        for (var i = 0; i < LimitSettings.SignInPerAddress - 1; i++)
        {
            await (await SignInAsync(typo, member.UserName, WrongPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
        }

        // 9:00, the whole office signs in from the same address: far more than the limit, all fine.
        for (var colleague = 0; colleague < 5 * LimitSettings.SignInPerAddress; colleague++)
        {
            var (http, _) = Clients.From(fx.App, address);
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(http, fx.World.Agent.UserName, fx.World.Agent.Password)).StatusCode);
        }

        // One failed attempt was still left, and then none.
        await (await SignInAsync(typo, member.UserName, WrongPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
        await (await SignInAsync(typo, member.UserName, WrongPassword)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "sign_in_too_many_attempts");
    }

    [Fact]
    public async Task One_address_alone_cannot_lock_an_account_however_long_it_keeps_guessing()
    {
        LimitSettings.FreshStart(fx);
        var member = await NewMemberAsync(fx, "patient");
        var (guesser, _) = Clients.From(fx.App, "127.0.3.1");

        // An hour of guessing as fast as the address is let: more wrong passwords than the account allows at once.
        var failures = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(1);)
        {
            var answer = await SignInAsync(guesser, member.UserName, WrongPassword);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = TimeSpan.FromSeconds(RetryAfterOf(answer));
                fx.Clock!.Advance(wait);
                elapsed += wait;
                continue;
            }

            await answer.AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
            failures++;
        }

        Assert.True(failures > LimitSettings.SignInPerAccount, $"{failures} wrong passwords");
        Assert.Null(await LockedUntilAsync(fx, member));
        var (owner, _) = Clients.From(fx.App, "127.0.3.2");
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(owner, member.UserName, member.Password)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_name_a_wrong_password_and_a_locked_account_with_a_wrong_password_get_the_same_answer()
    {
        LimitSettings.FreshStart(fx);
        var member = await NewMemberAsync(fx, "known");
        var (http, _) = Clients.From(fx.App, "127.0.4.1");

        var unknown = await AnswerOf(await SignInAsync(http, "nobody-" + fx.Provider, WrongPassword));
        var wrong = await AnswerOf(await SignInAsync(http, member.UserName, WrongPassword));
        Assert.Equal(unknown, wrong);

        await LockFromSeveralAddressesAsync(fx, member, net: 4);
        var (other, _) = Clients.From(fx.App, "127.0.4.2");
        var locked = await SignInAsync(other, member.UserName, WrongPassword);
        Assert.False(locked.Headers.Contains("Retry-After"));
        Assert.Equal(unknown, await AnswerOf(locked));
    }

    [Fact]
    public async Task A_locked_account_is_told_only_to_its_right_password_with_Retry_After_and_opens_when_the_lock_ends()
    {
        LimitSettings.FreshStart(fx);
        var member = await NewMemberAsync(fx, "locked");
        await LockFromSeveralAddressesAsync(fx, member, net: 5);

        var (http, _) = Clients.From(fx.App, "127.0.5.1");
        var right = await SignInAsync(http, member.UserName, member.Password);
        var problem = await right.AssertProblemAsync(HttpStatusCode.Locked, "sign_in_locked_out");
        var wait = RetryAfterOf(right);
        Assert.Equal(LimitSettings.LockedFor, TimeSpan.FromSeconds(wait));
        Assert.Equal(wait, problem.GetProperty("retryAfter").GetInt32());

        fx.Clock!.Advance(TimeSpan.FromSeconds(wait));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(http, member.UserName, member.Password)).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_answers_429_or_423_with_Retry_After_and_says_calmly_how_long_to_wait()
    {
        LimitSettings.FreshStart(fx);
        var member = await NewMemberAsync(fx, "page");
        var (http, _) = Clients.From(fx.App, "127.0.6.1");
        for (var i = 0; i < LimitSettings.SignInPerAddress; i++)
        {
            var wrong = await PostSignInFormAsync(http, member.UserName, WrongPassword);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("账号或密码错误。", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var refused = await PostSignInFormAsync(http, member.UserName, WrongPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal((int)LimitSettings.SignInRefill.TotalSeconds, RetryAfterOf(refused));
        Assert.Contains("登录尝试次数过多，请 5 分钟后再试。", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await LockFromSeveralAddressesAsync(fx, member, net: 6);
        fx.Clock!.Advance(TimeSpan.FromMinutes(1));
        var (owner, _) = Clients.From(fx.App, "127.0.6.2");
        var locked = await PostSignInFormAsync(owner, member.UserName, member.Password);
        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        Assert.Equal(14 * 60, RetryAfterOf(locked));
        Assert.Contains("账号已暂时锁定，请 14 分钟后再试，或请管理员解锁。", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static Task<HttpResponseMessage> SignInAsync(HttpClient http, string userName, string password) =>
        http.PostAsJsonAsync("/api/auth/sign-in", new { userName, password });

    internal static int RetryAfterOf(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);

    internal static async Task<Member> NewMemberAsync(AppFixture fx, string name)
    {
        await using var admin = await fx.SignInAsync(fx.World.Admin);
        var request = new CreateAgentRequest($"{name}-{fx.Provider}".ToLowerInvariant(), "测试员工", "小测", "Right#Pass1", StaffRoles.Agent, [fx.World.Shop.Id]);
        var created = await admin.Http.PostAsJsonAsync("/api/agents", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var row = (await created.Content.ReadFromJsonAsync<AgentRow>(Json.Options))!;
        return new Member(row.Id, request.UserName!, request.Password!);
    }

    /// <summary>More wrong passwords than the account allows, each address staying within its own limit.</summary>
    internal static async Task LockFromSeveralAddressesAsync(AppFixture fx, Member member, int net)
    {
        var failures = 0;
        for (var address = 100; failures <= LimitSettings.SignInPerAccount; address++)
        {
            var (http, _) = Clients.From(fx.App, $"127.0.{net}.{address}");
            for (var i = 0; i < LimitSettings.SignInPerAddress && failures <= LimitSettings.SignInPerAccount; i++, failures++)
            {
                await (await SignInAsync(http, member.UserName, WrongPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "sign_in_failed");
            }
        }

        Assert.NotNull(await LockedUntilAsync(fx, member));
    }

    internal static async Task<DateTimeOffset?> LockedUntilAsync(AppFixture fx, Member member)
    {
        await using var scope = fx.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KefuDeskDbContext>();
        var end = await db.Users.AsNoTracking().Where(a => a.Id == member.Id).Select(a => a.LockoutEnd).SingleAsync();
        return end > fx.Clock!.GetUtcNow() ? end : null;
    }

    /// <summary>Status and body, less the trace id that differs on every request.</summary>
    private static async Task<(HttpStatusCode, string)> AnswerOf(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return (response.StatusCode, body.ToJsonString());
    }

    /// <summary>The sign-in page's form, posted as a browser does (its antiforgery token from the page).</summary>
    private static async Task<HttpResponseMessage> PostSignInFormAsync(HttpClient http, string userName, string password)
    {
        var page = await (await http.GetAsync("/account/sign-in")).Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        return await http.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

public sealed class SignInLimitsTests_Sqlite(LimitedSqliteApp fx) : SignInLimitsTests(fx), IClassFixture<LimitedSqliteApp>;

public sealed class SignInLimitsTests_Postgres(LimitedPostgresApp fx) : SignInLimitsTests(fx), IClassFixture<LimitedPostgresApp>;
