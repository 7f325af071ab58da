using Microsoft.AspNetCore.DataProtection;

namespace KefuDesk.Features.Channels;

/// <summary>Channel secrets at rest: encrypted with the cluster's data-protection keys, readable on every node.</summary>
public sealed class ChannelSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("KefuDesk.ChannelSecret.v1");

    public string Protect(string secret) => secret.Length == 0 ? "" : _protector.Protect(secret);

    public string Reveal(string protectedSecret) => protectedSecret.Length == 0 ? "" : _protector.Unprotect(protectedSecret);
}
