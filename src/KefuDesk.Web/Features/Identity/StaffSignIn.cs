using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Hosting;
using KefuDesk.Infrastructure.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KefuDesk.Features.Identity;

/// <summary>
/// Password sign-in shared by the sign-in page and the API: by user name or email. Two limits guard
/// it. Each address has a few failed attempts (<see cref="RateLimits.SignInPerAddress"/>; a right
/// password gives its attempt back), and each account a larger, faster-refilling budget of wrong
/// passwords from anywhere (<see cref="RateLimits.SignInPerAccount"/>) whose end locks it. As one
/// address runs out before the account does, one address alone cannot lock anyone out. Nobody learns
/// from the answer whether a name exists: an unknown name, a wrong password and a locked account
/// with a wrong password all get the same <c>sign_in_failed</c>, after the same password-hash work.
/// </summary>
public sealed class StaffSignIn(
    SignInManager<Agent> signIn,
    UserManager<Agent> users,
    RateLimits limits,
    TimeProvider clock,
    IOptions<KefuDeskOptions> options,
    ILogger<StaffSignIn> log)
{
    private static string? _decoyHash;

    /// <summary>The sign-in page counts its own attempts (the API's are counted by the rate-limiting middleware).</summary>
    public Task EnterAsync(string address) => limits.EnsureAsync(RateLimits.SignInPerAddress, address, KefuDeskError.SignInTooManyAttempts);

    public async Task<Agent> PasswordSignInAsync(string? userNameOrEmail, string? password, string address, bool remember = false)
    {
        var agent = await VerifyAsync(userNameOrEmail, password, address);
        if (agent.PasswordChangeRequired)
        {
            throw new KefuDeskException(KefuDeskError.PasswordChangeRequired);
        }

        await signIn.SignInAsync(agent, remember);
        return agent;
    }

    /// <summary>
    /// The owner of an account replaces its password (after an admin's reset, which requires it) and is
    /// signed in. The current password is checked under the same limits as a sign-in.
    /// </summary>
    public async Task<Agent> ChoosePasswordAsync(string? userNameOrEmail, string? currentPassword, string? newPassword, string address)
    {
        var agent = await VerifyAsync(userNameOrEmail, currentPassword, address);
        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            throw new KefuDeskException(KefuDeskError.PasswordUnchanged);
        }

        var wasRequired = agent.PasswordChangeRequired;
        agent.PasswordChosen(); // saved with the new password, in one update
        var changed = await users.ChangePasswordAsync(agent, currentPassword!, newPassword ?? "");
        if (!changed.Succeeded)
        {
            if (wasRequired)
            {
                agent.RequirePasswordChange();
            }

            throw new KefuDeskException(KefuDeskError.PasswordWeak, string.Join("; ", changed.Errors.Select(e => e.Code)));
        }

        log.LogInformation("Staff {UserName} chose a new password", agent.UserName);
        await signIn.SignInAsync(agent, false);
        return agent;
    }

    /// <summary>The right password for an enabled, unlocked account, or the refusal; nobody is signed in yet.</summary>
    private async Task<Agent> VerifyAsync(string? userNameOrEmail, string? password, string address)
    {
        if (string.IsNullOrWhiteSpace(userNameOrEmail) || string.IsNullOrEmpty(password))
        {
            throw new KefuDeskException(KefuDeskError.SignInFailed);
        }

        var name = userNameOrEmail.Trim();
        var agent = await users.FindByNameAsync(name) ?? await users.FindByEmailAsync(name);
        if (agent is null)
        {
            VerifyDecoy(password);
            throw new KefuDeskException(KefuDeskError.SignInFailed);
        }

        var partition = agent.Id.ToString("N");
        if (LockedFor(agent) is { } lockedFor)
        {
            // Lockout is told only to someone who gives the right password. Checking it spends from
            // the account's budget like any wrong password, so guesses stay bounded while it is locked.
            if (!await TakeAccountAttemptAsync(partition))
            {
                VerifyDecoy(password);
                throw new KefuDeskException(KefuDeskError.SignInFailed);
            }

            if (!await users.CheckPasswordAsync(agent, password))
            {
                throw new KefuDeskException(KefuDeskError.SignInFailed);
            }

            await limits.GiveBackAsync(RateLimits.SignInPerAccount, partition);
            await limits.GiveBackAsync(RateLimits.SignInPerAddress, address);
            throw new KefuDeskException(KefuDeskError.SignInLockedOut, retryAfter: lockedFor);
        }

        if (!await users.CheckPasswordAsync(agent, password))
        {
            if (!await TakeAccountAttemptAsync(partition))
            {
                await LockAsync(agent, partition);
            }

            throw new KefuDeskException(KefuDeskError.SignInFailed);
        }

        await limits.GiveBackAsync(RateLimits.SignInPerAddress, address);
        if (agent.IsDisabled)
        {
            // Told only to someone with the right password, like a lock.
            throw new KefuDeskException(KefuDeskError.AccountDisabled);
        }

        return agent;
    }

    public async Task<StaffMe> DescribeAsync(Agent agent)
    {
        var principal = await signIn.CreateUserPrincipalAsync(agent);
        return new StaffMe(agent.Id, agent.UserName ?? "", agent.DisplayName, agent.Nickname,
            (await users.GetRolesAsync(agent)).ToList(), principal.Access().ShopIds.ToList());
    }

    /// <summary>How much longer the account is locked, on the app's clock; null when it is not.</summary>
    private TimeSpan? LockedFor(Agent agent) =>
        agent.LockoutEnd is { } end && end > clock.GetUtcNow() ? end - clock.GetUtcNow() : null;

    private async Task<bool> TakeAccountAttemptAsync(string partition)
    {
        using var lease = await limits.Limiter(RateLimits.SignInPerAccount, partition).AcquireAsync();
        return lease.IsAcquired;
    }

    private async Task LockAsync(Agent agent, string partition)
    {
        var until = clock.GetUtcNow().AddMinutes(Math.Max(0, options.Value.Limits.LockoutMinutes));
        var locked = await users.SetLockoutEndDateAsync(agent, until);
        if (locked.Succeeded)
        {
            // The lock now holds guessers back; a fresh budget lets the owner's right password be
            // told "locked" at once rather than "wrong" (each check of a locked account spends from it).
            await limits.ForgetAsync(RateLimits.SignInPerAccount, partition);
            log.LogWarning("Staff account {UserName} locked until {Until:O}: too many wrong passwords", agent.UserName, until);
        }
        else
        {
            log.LogWarning("Staff account {UserName} could not be locked: {Errors}", agent.UserName, string.Join("; ", locked.Errors.Select(e => e.Code)));
        }
    }

    /// <summary>
    /// The same hashing work as checking a real password, so an unknown name does not answer
    /// sooner than a known one. The hash is made once with the app's own hasher (same algorithm and rounds).
    /// </summary>
    private void VerifyDecoy(string password)
    {
        var decoy = new Agent(Guid.Empty, Guid.Empty, "decoy", "", "", default);
        _decoyHash ??= users.PasswordHasher.HashPassword(decoy, Guid.NewGuid().ToString("N"));
        users.PasswordHasher.VerifyHashedPassword(decoy, _decoyHash, password);
    }
}
