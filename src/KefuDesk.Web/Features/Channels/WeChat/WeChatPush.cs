using System.Xml;
using KefuDesk.Infrastructure.Errors;

namespace KefuDesk.Features.Channels.WeChat;

/// <summary>
/// One message push (接收普通消息 / 接收事件推送) as WeChat posts it in plaintext mode (明文模式): a flat
/// <c>&lt;xml&gt;</c> element whose children are the fields (ToUserName, FromUserName = the buyer's
/// openid, CreateTime, MsgType, Content, PicUrl, MediaId, MsgId, Event…).
/// </summary>
public sealed class WeChatPush
{
    /// <summary>Pushes are a few hundred bytes; anything near this is not WeChat.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int MaxFields = 64;
    private const int MaxFieldLength = 16 * 1024;

    private readonly Dictionary<string, string> _fields;

    private WeChatPush(Dictionary<string, string> fields) => _fields = fields;

    public string? this[string field] => _fields.GetValueOrDefault(field);

    public string FromUser => this["FromUserName"]!;

    public string MsgType => this["MsgType"]!;

    /// <summary>
    /// WeChat's id for the message, which a retry repeats. Events have none: WeChat's own advice is
    /// sender and time.
    /// </summary>
    public string ExternalId => this["MsgId"] is { Length: > 0 } id ? id : $"{FromUser}@{this["CreateTime"]}";

    /// <summary>
    /// Reads the XML without a DTD, entities or outside resources (an XXE or "billion laughs" post is
    /// refused before anything expands), and checks the fields every push has.
    /// </summary>
    public static WeChatPush Parse(byte[] body)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            MaxCharactersInDocument = MaxBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body, writable: false), settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.Name != "xml")
            {
                throw new KefuDeskException(KefuDeskError.PayloadInvalid, "the push is not an <xml> message");
            }

            if (reader.IsEmptyElement)
            {
                throw new KefuDeskException(KefuDeskError.PayloadInvalid, "an empty push");
            }

            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement && !reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Skip();
                    continue;
                }

                var name = reader.Name;
                // Nested fields (ScanCodeInfo, SendPicsInfo…) belong to events we do not read: keep their text only.
                var value = ReadField(reader);
                if (fields.Count >= MaxFields || value.Length > MaxFieldLength)
                {
                    throw new KefuDeskException(KefuDeskError.PayloadInvalid, "too many or too long fields");
                }

                fields.TryAdd(name, value);
            }
        }
        catch (XmlException bad)
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, $"not well-formed XML without a DTD ({bad.Message})");
        }

        var push = new WeChatPush(fields);
        if (push["MsgType"] is null && push["Encrypt"] is not null)
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid,
                "an encrypted push (安全模式): set 消息加解密方式 to 明文模式 or 兼容模式 in 公众平台");
        }

        if (push["FromUserName"] is not { Length: > 0 and <= 64 } from || string.IsNullOrWhiteSpace(from)
            || push["MsgType"] is not { Length: > 0 and <= 32 })
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "FromUserName (1–64) and MsgType are required");
        }

        if (push["MsgId"] is { Length: > 64 })
        {
            throw new KefuDeskException(KefuDeskError.PayloadInvalid, "MsgId: up to 64 characters");
        }

        return push;
    }

    /// <summary>The field's text; for a field with children, their text joined. Leaves the reader past its end tag.</summary>
    private static string ReadField(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        var depth = reader.Depth;
        var text = new System.Text.StringBuilder();
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && !reader.EOF)
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                text.Append(reader.Value);
            }

            reader.Read();
        }

        reader.Read();
        return text.ToString();
    }
}
