using System.Text.RegularExpressions;
using KefuDesk.Infrastructure.Errors;
using KefuDesk.Infrastructure.Input;

namespace KefuDesk.Features.Conversations;

/// <summary>Checks what a sender typed before it goes anywhere near the database.</summary>
public static partial class MessageInput
{
    /// <summary>Normalises the text (see <see cref="InputText"/>) and checks the body; length counts characters (an emoji is one).</summary>
    public static string Body(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new KefuDeskException(KefuDeskError.MessageEmpty);
        }

        // NFC, \n line breaks; a control or broken character is refused (channels clean theirs before they get here).
        var text = InputText.Accepted(body, "body");
        if (text.Length > Message.BodyMaxLength && text.EnumerateRunes().Count() > Message.BodyMaxLength)
        {
            throw new KefuDeskException(KefuDeskError.MessageTooLong);
        }

        return text;
    }

    /// <summary>Text beside an image, file or card: may be empty, otherwise the same rules as a message body.</summary>
    public static string Caption(string? caption) => string.IsNullOrWhiteSpace(caption) ? "" : Body(caption);

    /// <summary>The sender's own id for the message: 1–64 letters, digits or <c>-_.:@</c>.</summary>
    public static string ClientMessageId(string? id)
    {
        if (id is null || !ClientIdPattern().IsMatch(id))
        {
            throw new KefuDeskException(KefuDeskError.ClientMessageIdInvalid);
        }

        return id;
    }

    [GeneratedRegex("^[A-Za-z0-9_.:@-]{1,64}$")]
    private static partial Regex ClientIdPattern();
}
