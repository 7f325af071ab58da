using KefuDesk.Features.Channels;
using PhoneNumbers;

namespace KefuDesk.Features.Customers;

/// <summary>
/// A phone number as someone typed it (a buyer's form, a call log, a new receiver address), checked
/// as a phone number (libphonenumber, mainland China by default) rather than as "some digits": only
/// digits and the usual separators (space, -, ., brackets) after an optional +, and a number that
/// exists in its country's plan. <c>-0.01</c>, <c>1e9</c> and <c>138 0013 8000 转 2</c> are not numbers.
/// </summary>
public static class PhoneNumberInput
{
    public const string DefaultRegion = "CN";

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();
    private static readonly ShortNumberInfo ServiceNumbers = ShortNumberInfo.GetInstance();

    /// <summary>
    /// The number in the form identities are stored in (<see cref="ChannelBuyer.Normalise"/>:
    /// 13800138000, 01088886666, +85291234567), or null when it is not a phone number.
    /// </summary>
    /// <param name="serviceNumbers">Also accept a mainland service number (95588, 10086, 110): a call log may be with a bank or carrier.</param>
    public static string? Stored(string? typed, bool serviceNumbers = false)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var text = typed.Trim();
        var body = text.StartsWith('+') ? text[1..] : text;
        if (body.Length == 0 || !(char.IsAsciiDigit(body[0]) || body[0] == '(')
            || !body.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')'))
        {
            return null; // letters (vanity numbers, 转 extensions), signs, a second +, controls
        }

        PhoneNumber number;
        try
        {
            number = Numbers.Parse(text, DefaultRegion);
        }
        catch (NumberParseException)
        {
            return null;
        }

        var valid = Numbers.IsValidNumber(number)
                    || (serviceNumbers && !text.StartsWith('+') && ServiceNumbers.IsValidShortNumberForRegion(number, DefaultRegion));
        return valid ? ChannelBuyer.Normalise(IdentityKind.Phone, text) : null;
    }
}
