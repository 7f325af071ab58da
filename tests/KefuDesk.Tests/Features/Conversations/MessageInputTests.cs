using KefuDesk.Features.Conversations;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Tests.Features.Conversations;

public sealed class MessageInputTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t ")]
    public void Empty_messages_are_refused(string? body)
    {
        var refused = Assert.Throws<KefuDeskException>(() => MessageInput.Body(body));
        Assert.Equal(KefuDeskError.MessageEmpty, refused.Error);
    }

    [Fact]
    public void Five_thousand_characters_is_the_limit()
    {
        Assert.Equal(5000, MessageInput.Body(new string('字', 5000)).Length);

        var refused = Assert.Throws<KefuDeskException>(() => MessageInput.Body(new string('字', 5001)));
        Assert.Equal(KefuDeskError.MessageTooLong, refused.Error);
    }

    [Fact]
    public void An_emoji_counts_as_one_character()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 5000)); // 10,000 UTF-16 units

        Assert.Equal(emoji, MessageInput.Body(emoji));
        Assert.Throws<KefuDeskException>(() => MessageInput.Body(emoji + "😀"));
    }

    [Fact]
    public void Line_endings_are_normalised_and_markup_is_kept_as_typed()
    {
        Assert.Equal("a\nb\nc", MessageInput.Body("a\r\nb\rc"));
        Assert.Equal("<script>alert(1)</script>", MessageInput.Body("<script>alert(1)</script>"));
    }

    [Theory]
    [InlineData("3f2b5c1e-0000-4000-8000-000000000001")]
    [InlineData("wx-msg:12345@im")]
    [InlineData("a")]
    public void Client_message_ids_accept_uuids_and_channel_ids(string id) =>
        Assert.Equal(id, MessageInput.ClientMessageId(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("中文")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Bad_client_message_ids_are_refused(string? id)
    {
        var refused = Assert.Throws<KefuDeskException>(() => MessageInput.ClientMessageId(id));
        Assert.Equal(KefuDeskError.ClientMessageIdInvalid, refused.Error);
    }
}
