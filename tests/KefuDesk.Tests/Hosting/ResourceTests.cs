using System.Xml.Linq;
using KefuDesk.Tests.Infrastructure;

namespace KefuDesk.Tests.Hosting;

/// <summary>Every UI string exists in Chinese and in English.</summary>
public sealed class ResourceTests
{
    private static Dictionary<string, string> Load(string file)
    {
        var path = Path.Combine(Repository.Root(), "src", "KefuDesk.Web", "Resources", file);
        return XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");
    }

    [Fact]
    public void Chinese_and_english_have_the_same_keys_and_no_empty_text()
    {
        var zh = Load("SharedResource.resx");
        var en = Load("SharedResource.en.resx");

        Assert.Empty(zh.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(zh.Keys));
        Assert.All(zh, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
        Assert.All(en, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
    }

    /// <summary>
    /// House style: Chinese text takes full-width punctuation (，。！？：；（）). A half-width mark
    /// touching a Chinese character is a slip; code, URLs, times (09:00) and JSON keep theirs.
    /// </summary>
    [Fact]
    public void Chinese_text_uses_full_width_punctuation()
    {
        var slips = Load("SharedResource.resx")
            .Where(kv => ChineseText.HalfWidthSlip(kv.Value) is not null)
            .Select(kv => $"{kv.Key}: {kv.Value}");
        Assert.Empty(slips);
    }

    /// <summary>会话历史 shows each kind of event as a sentence, and a re-route's reason in words, never as a key or a code.</summary>
    [Fact]
    public void Every_history_kind_and_reroute_reason_reads_as_words_in_both_languages()
    {
        var zh = Load("SharedResource.resx");
        var en = Load("SharedResource.en.resx");
        var kinds = typeof(KefuDesk.Features.Conversations.ConversationEventNames)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(k => k.StartsWith("conversation.", StringComparison.Ordinal) || k == KefuDesk.Features.Conversations.ConversationEventNames.MessageRecalled)
            .Select(k => "History." + k);
        var reasons = Enum.GetNames<KefuDesk.Features.Conversations.RerouteReason>().Select(r => "Board.Reason." + r);
        var systemActors = new[] { "deadline", "escalation" }.Select(a => "Audit.Actor." + a);

        var missing = kinds.Concat(reasons).Concat(systemActors).Where(key => !zh.ContainsKey(key) || !en.ContainsKey(key)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_error_code_has_its_message()
    {
        var zh = Load("SharedResource.resx");
        var codes = typeof(KefuDesk.Infrastructure.Errors.KefuDeskError)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => (KefuDesk.Infrastructure.Errors.KefuDeskError)f.GetValue(null)!);

        Assert.All(codes, code => Assert.True(zh.ContainsKey(code.ResourceKey), code.ResourceKey));
    }
}
