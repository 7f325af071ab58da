namespace KefuDesk.Features.Conversations.Workspace;

/// <summary>The emoji a shop's chat uses most: greetings, thanks, goods, parcels, money (the widget offers the same set).</summary>
public static class Emoji
{
    public static readonly string[] Common =
    [
        "😊", "😄", "😁", "😂", "🤣", "😅", "😉", "😍", "😘", "🥰", "🤗", "🤔",
        "😮", "😢", "😭", "😤", "😡", "🙄", "😴", "😷", "🙏", "👍", "👌", "👏",
        "💪", "🤝", "✌️", "❤️", "💕", "🌹", "🎉", "🎁", "📦", "🚚", "💰", "🧧",
        "⏰", "✅", "❌", "⭐", "🔥", "💯",
    ];
}
