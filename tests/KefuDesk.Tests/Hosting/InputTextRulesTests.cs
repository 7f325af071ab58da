using System.Text;
using System.Text.Json;
using KefuDesk.Features.Channels;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Conversations.Writing;
using KefuDesk.Features.Customers;
using KefuDesk.Infrastructure;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Input;

namespace KefuDesk.Tests.Hosting;

/// <summary>The one rule for text from outside, without a node: what is refused, what is cleaned, what passes unchanged.</summary>
public sealed class InputTextRulesTests
{
    private sealed record Sent(string? Id, string? Body);

    [Theory]
    [InlineData("abc\0def")]
    [InlineData("\u001b[31m红字")]
    [InlineData("a\u0007b")]
    [InlineData("del\u007f")]
    [InlineData("next\u0085line")]
    [InlineData("c1\u009b")]
    public void Control_characters_are_refused(string text)
    {
        Assert.False(InputText.TryAccept(text, out _, out var fault));
        Assert.Equal(TextFault.Control, fault);
        var refused = Assert.Throws<KefuDeskException>(() => InputText.Accepted(text, "body"));
        Assert.Equal(KefuDeskError.TextInvalid, refused.Error);
    }

    // Attribute data is stored as UTF-8, which cannot carry a lone surrogate: '#' stands for one.
    [Theory]
    [InlineData("#", '\uD83D')]
    [InlineData("half # pair", '\uDE00')]
    [InlineData("end#", '\uD83D')]
    [InlineData("#😀", '\uDE00')]
    public void Lone_surrogates_are_refused(string template, char surrogate)
    {
        var text = template.Replace('#', surrogate);
        Assert.False(InputText.TryAccept(text, out _, out var fault));
        Assert.Equal(TextFault.Broken, fault);
    }

    [Theory]
    [InlineData("你好", "你好")]
    [InlineData("Cafe\u0301", "Café")]
    [InlineData("a\r\nb\rc\nd\te", "a\nb\nc\nd\te")]
    [InlineData("😀 emoji", "😀 emoji")]
    [InlineData("3f2b5c1e-0000-4000-8000-000000000001", "3f2b5c1e-0000-4000-8000-000000000001")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-_", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-_")]
    [InlineData("iVBORw0KGgo+/==", "iVBORw0KGgo+/==")]
    public void Text_is_kept_in_nfc_with_newline_line_breaks(string text, string stored)
    {
        Assert.True(InputText.TryAccept(text, out var accepted, out _));
        Assert.Equal(stored, accepted);
    }

    [Fact]
    public void Shortening_never_cuts_an_emoji_in_two()
    {
        Assert.Equal("ab", InputText.Shortened("ab😀", 3));
        Assert.Equal("ab😀", InputText.Shortened("ab😀c", 4));
        Assert.Equal("abc", InputText.Shortened("abc", 3));
    }

    [Fact]
    public void Channel_text_is_cleaned_never_refused()
    {
        Assert.Equal("abcdef[31m红字 half  pair\nnext", InputText.Cleaned("abc\0def\u001b[31m红字 half \ud83d pair\r\nnext\u0085"));
        Assert.Equal("Café", InputText.Cleaned("Cafe\u0301\0"));
    }

    [Fact]
    public void Request_json_is_refused_with_the_field_and_ids_and_base64_pass_unchanged()
    {
        var options = JsonDefaults.ApplyForInput(new JsonSerializerOptions());
        var id = "3f2b5c1e-0000-4000-8000-000000000001";

        Assert.Equal(new Sent(id, "iVBORw0KGgo+/=="), JsonSerializer.Deserialize<Sent>($$"""{"id":"{{id}}","body":"iVBORw0KGgo+/=="}""", options));
        var refused = Assert.Throws<TextRefusedException>(() => JsonSerializer.Deserialize<Sent>("""{"id":"x","body":"a\u0000b"}""", options));
        Assert.Equal(("body", TextFault.Control), (refused.Field, refused.Fault));
        var broken = Assert.Throws<TextRefusedException>(() => JsonSerializer.Deserialize<Sent>("""{"body":"\ud800"}""", options));
        Assert.Equal(("body", TextFault.Broken), (broken.Field, broken.Fault));
        var nested = Assert.Throws<TextRefusedException>(() => JsonSerializer.Deserialize<Dictionary<string, string[]>>("""{"tags":["ok","b\u001bad"]}""", options));
        Assert.Equal("tags[1]", nested.Field);
    }

    [Fact]
    public void Channel_json_is_cleaned_even_where_it_is_not_text()
    {
        var options = JsonDefaults.ApplyForChannel(new JsonSerializerOptions());
        var bytes = Encoding.UTF8.GetBytes("""{"body":"ab\u0000c\ud800d!!e"}""");
        var bang = Array.IndexOf(bytes, (byte)'!');
        (bytes[bang], bytes[bang + 1]) = (0xC3, 0x28); // not UTF-8

        Assert.Equal("abcd(e", JsonSerializer.Deserialize<Sent>(bytes, options)!.Body);
    }

    [Fact]
    public void Every_channel_message_is_cleaned_where_it_enters()
    {
        var buyer = new ChannelBuyer(IdentityKind.Email, "Buyer@Example.com", "王\u0000五\u001b[0m", Verified: true);

        var sent = SendMessage.FromChannel(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Channel.Email, "thread", buyer, "mail-1",
            "您好\0，\u001b[2J请问\r\n什么时候发货", subject: "咨询\u0007");

        Assert.Equal("您好，[2J请问\n什么时候发货", sent.Body);
        Assert.Equal("咨询", sent.Subject);
        Assert.Equal(("buyer@example.com", "王五[0m"), (sent.Arrival!.Buyer.Value, sent.Arrival.Buyer.DisplayName));
    }
}
