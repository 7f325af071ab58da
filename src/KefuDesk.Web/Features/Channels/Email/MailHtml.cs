using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using KefuDesk.Features.Conversations;

namespace KefuDesk.Features.Channels.Email;

/// <summary>
/// HTML mail as agents see it: text. The mail's HTML is cleaned with an allow-list first (HtmlSanitizer:
/// no scripts, no event attributes, links only to http, https and mailto, no styles, no image
/// sources), then read as text: paragraphs and lines kept, a link as "text (address)", an image
/// as its description. The workspace shows text, encoded, so nothing in a mail can run or load.
/// </summary>
public static class MailHtml
{
    /// <summary>Elements whose content is never text for a reader (and may be code).</summary>
    private const string Unreadable = "script, style, noscript, template, iframe, frame, object, embed, head, title, svg, math, form";

    /// <summary>Elements that start a new line, and those that stand apart as paragraphs.</summary>
    private static readonly HashSet<string> Lines = ["DIV", "LI", "TR", "SECTION", "ARTICLE", "CENTER"];

    private static readonly HashSet<string> Paragraphs = ["P", "TABLE", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "PRE", "HR", "UL", "OL"];

    private static readonly HtmlSanitizer Sanitizer = new(new HtmlSanitizerOptions
    {
        AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "a", "b", "strong", "i", "em", "u", "s", "p", "br", "div", "span", "ul", "ol", "li", "blockquote", "pre", "code", "hr",
            "table", "thead", "tbody", "tfoot", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "img", "section", "article", "font", "center",
        },
        AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "alt", "title" },
        AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
        UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        AllowedCssProperties = new HashSet<string>(),
        AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        AllowedClasses = new HashSet<string>(),
    })
    {
        KeepChildNodes = true, // an unknown wrapper (Outlook's <o:p>) keeps its text
        AllowDataAttributes = false,
    };

    /// <summary>The mail's HTML with only harmless elements and attributes left.</summary>
    public static string Sanitise(string html) => Body(html).InnerHtml;

    /// <summary>What a reader of the HTML sees, as plain text.</summary>
    public static string ToText(string html)
    {
        var text = new StringBuilder();
        Write(Body(html), text);
        return Tidy(text.ToString());
    }

    private static IElement Body(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll(Unreadable).ToList())
        {
            element.Remove();
        }

        var body = document.Body!;
        Sanitizer.SanitizeDom(document, body);
        return body;
    }

    private static void Write(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(WhitespaceRuns(t.Data));
                    break;
                case IElement { TagName: "BR" }:
                    text.Append('\n');
                    break;
                case IElement { TagName: "IMG" } image:
                    text.Append('[').Append(image.GetAttribute("alt") is { Length: > 0 } alt ? alt.Trim() : ShopText.Get("Email.Image")).Append(']');
                    break;
                case IElement { TagName: "A" } link:
                    var before = text.Length;
                    Write(link, text);
                    var shown = text.ToString(before, text.Length - before).Trim();
                    if (link.GetAttribute("href") is { Length: > 0 } href && !SameAddress(shown, href))
                    {
                        text.Append($" ({href})");
                    }

                    break;
                case IElement element:
                    var breaks = Paragraphs.Contains(element.TagName) ? 2 : Lines.Contains(element.TagName) ? 1 : 0;
                    Break(text, breaks);
                    if (element.TagName == "LI")
                    {
                        text.Append("• ");
                    }

                    Write(element, text);
                    Break(text, breaks);
                    if (element.TagName is "TD" or "TH")
                    {
                        text.Append(' ');
                    }

                    break;
            }
        }
    }

    /// <summary>Ends the text with this many line breaks (a block after a block does not add empty lines).</summary>
    private static void Break(StringBuilder text, int breaks)
    {
        var end = text.Length;
        while (end > 0 && text[end - 1] == ' ')
        {
            end--;
        }

        var have = 0;
        while (end - have > 0 && text[end - have - 1] == '\n')
        {
            have++;
        }

        for (var i = have; i < breaks && text.Length > 0; i++)
        {
            text.Append('\n');
        }
    }

    private static bool SameAddress(string shown, string href) =>
        shown.Length == 0 ? false
        : string.Equals(shown, href, StringComparison.OrdinalIgnoreCase)
          || string.Equals("mailto:" + shown, href, StringComparison.OrdinalIgnoreCase);

    private static string WhitespaceRuns(string data)
    {
        var builder = new StringBuilder(data.Length);
        var space = false;
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c) && c != '\u3000')
            {
                if (!space)
                {
                    builder.Append(' ');
                }

                space = true;
            }
            else
            {
                builder.Append(c);
                space = false;
            }
        }

        return builder.ToString();
    }

    /// <summary>Lines trimmed, at most one empty line in a row, none at either end.</summary>
    private static string Tidy(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim());
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }

            result.Append(line);
            blank = 0;
        }

        return result.ToString();
    }
}
