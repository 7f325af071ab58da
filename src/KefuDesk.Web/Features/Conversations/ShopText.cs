using System.Globalization;
using System.Resources;

namespace KefuDesk.Features.Conversations;

/// <summary>
/// Words the system writes into conversations (transfer notices, closing messages) in the shop's
/// language, which is Chinese until shops can choose. They are stored as written, like any message.
/// </summary>
public static class ShopText
{
    private static readonly ResourceManager Resources = new("KefuDesk.Resources.SharedResource", typeof(ShopText).Assembly);
    private static readonly CultureInfo ShopCulture = CultureInfo.GetCultureInfo("zh-CN");

    public static string Get(string key, params object[] args)
    {
        var text = Resources.GetString(key, ShopCulture) ?? key;
        return args.Length == 0 ? text : string.Format(ShopCulture, text, args);
    }
}
