using System.Globalization;
using KefuDesk.Components;
using KefuDesk.Features.Conversations;
using KefuDesk.Features.Customers;

namespace KefuDesk.Features.Phone;

/// <summary>What a call-back task became when the call was logged, for the conversation's line.</summary>
public enum CallbackEffect
{
    None,
    Opened,
    AlreadyOpen,
    Done,
    StillOpen,
}

/// <summary>
/// The system line that opens a call's conversation: 来电 138****8000 · 2026-11-22 14:05 · 已接通 · 通话 3分12秒.
/// It is stored once and read by everyone on the shop's team, so the number is masked.
/// </summary>
public static class CallLine
{
    public static string For(CallDirection direction, string number, DateTime startedAt, CallOutcome outcome, int durationSeconds, CallbackEffect callback)
    {
        var parts = new List<string>
        {
            ShopText.Get("Phone.Direction." + direction) + " " + PersonalData.MaskPhone(number),
            Display.ShopTime(startedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            ShopText.Get("Phone.Outcome." + outcome),
        };
        if (durationSeconds > 0)
        {
            parts.Add(ShopText.Get("Phone.Line.Duration", Duration(durationSeconds, ShopText.Get("Phone.DurationText"))));
        }

        if (callback != CallbackEffect.None)
        {
            parts.Add(ShopText.Get("Phone.Line.Callback" + callback));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>3分12秒 from a format with {0} minutes and {1} seconds.</summary>
    public static string Duration(int seconds, string format) =>
        string.Format(CultureInfo.InvariantCulture, format, seconds / 60, seconds % 60);
}
