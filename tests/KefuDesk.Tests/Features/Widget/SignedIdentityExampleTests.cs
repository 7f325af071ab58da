using KefuDesk.Features.Widget;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Features.Widget;

/// <summary>The example in docs/widget.md that shops check their own signing code against.</summary>
public sealed class SignedIdentityExampleTests
{
    [Fact]
    public void The_documented_example_signature_is_the_one_KefuDesk_accepts()
    {
        const string secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        const string documented = "15a1aadad308f7bc19d2cca112fede4da0b45ed6863091f55c96dbdaade905dd";
        Assert.Equal(documented, SignedIdentity.Sign(secret, "10086"));
        Assert.Equal(("10086", "王小明"), new SignedIdentity("10086", "王小明", documented).Verify(secret));
        Assert.Contains(documented, File.ReadAllText(Path.Combine(Repository.Root(), "docs", "widget.md")));
    }
}
