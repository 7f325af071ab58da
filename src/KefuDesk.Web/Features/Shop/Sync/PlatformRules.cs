namespace KefuDesk.Features.Shop.Sync;

/// <summary>
/// Something wrong with one value of an update: the field (as the sync API names it: "priceFen",
/// "receiver.phone"), the order line it belongs to if any, a code (worded by the resource files,
/// ShopData.Problem.{code}), the value as given, and an extra detail (a limit, another row).
/// </summary>
public sealed record DataProblem(string Field, string Code, string? Value = null, string? Extra = null, int? Line = null);

/// <summary>
/// The rules every update from the platform must pass, whichever way it came (import file or sync
/// API): the same limits, the same codes. Values too long for their column, a price that is not
/// above zero, amounts below zero, a discount larger than the goods… each is a problem, and a batch
/// with any problem changes nothing.
/// </summary>
public static class PlatformRules
{
    public const int SkuMax = 64;
    public const int TitleMax = 200;
    public const int ImageUrlMax = 500;
    public const int AttributesMax = 1000;
    public const int StockMax = 1_000_000_000;
    public const int OrderNoMax = 64;
    public const int BuyerIdMax = Customers.IdentifyBuyer.UserIdMaxLength;
    public const int BuyerNameMax = Customers.Customer.NameMaxLength;
    public const int ReceiverNameMax = 50;
    public const int ReceiverPhoneMax = 30;
    public const int AddressMax = 300;
    public const int RemarkMax = 500;
    public const int CarrierMax = 50;
    public const int TrackingNoMax = 64;
    public const int DescriptionMax = 300;
    public const int LocationMax = 100;
    public const int QuantityMax = 1_000_000;
    public const int LinesMax = 200;

    /// <summary>Trimmed text within its limit; blank is null (a problem when required).</summary>
    public static string? Text(List<DataProblem> problems, string field, string? value, int max, bool required, int? line = null)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            if (required)
            {
                problems.Add(new DataProblem(field, "required", Line: line));
            }

            return null;
        }

        if (text.Length > max)
        {
            problems.Add(new DataProblem(field, "too_long", Shorten(text), max.ToString(System.Globalization.CultureInfo.InvariantCulture), line));
            return null;
        }

        // The same rule as every other input (Infrastructure/Input), reported the way the platform reads problems.
        if (!Infrastructure.Input.InputText.TryAccept(text, out var accepted, out _))
        {
            problems.Add(new DataProblem(field, "not_text", Line: line));
            return null;
        }

        return accepted;
    }

    /// <summary>
    /// A receiver's phone as the platform keeps it: a real number (<see cref="Customers.PhoneNumberInput"/>),
    /// or one the platform masked (138****8000), which is kept but never matched to a buyer.
    /// </summary>
    public static string? Phone(List<DataProblem> problems, string field, string? value, int? line = null)
    {
        var text = Text(problems, field, value, ReceiverPhoneMax, required: false, line);
        if (text is null || Customers.PhoneNumberInput.Stored(text) is not null || Masked(text))
        {
            return text;
        }

        problems.Add(new DataProblem(field, "not_phone", Shorten(text), Line: line));
        return null;
    }

    private static bool Masked(string text) =>
        text.Contains('*') && text.Count(char.IsAsciiDigit) >= 3
                           && text.TrimStart('+').All(c => char.IsAsciiDigit(c) || c is '*' or ' ' or '-');

    /// <summary>A price: more than zero.</summary>
    public static long? Price(List<DataProblem> problems, string field, long? fen, string given, int? line = null) =>
        fen switch
        {
            null => null,
            <= 0 => Add(problems, new DataProblem(field, "not_positive", given, Line: line)),
            > PlatformValues.MaxFen => Add(problems, new DataProblem(field, "too_large", given, Line: line)),
            _ => fen,
        };

    /// <summary>An amount such as a discount, shipping or what was paid: zero or more.</summary>
    public static long? Amount(List<DataProblem> problems, string field, long? fen, string given) =>
        fen switch
        {
            null => null,
            < 0 => Add(problems, new DataProblem(field, "negative", given)),
            > PlatformValues.MaxFen => Add(problems, new DataProblem(field, "too_large", given)),
            _ => fen,
        };

    public static int? Quantity(List<DataProblem> problems, string field, long? n, string given, int? line = null) =>
        n switch
        {
            null => null,
            <= 0 => (int?)Add(problems, new DataProblem(field, "not_positive", given, Line: line)),
            > QuantityMax => (int?)Add(problems, new DataProblem(field, "too_large", given, Line: line)),
            _ => (int)n,
        };

    public static int? Stock(List<DataProblem> problems, string field, long? n, string given) =>
        n switch
        {
            null => null,
            < 0 => (int?)Add(problems, new DataProblem(field, "negative", given)),
            > StockMax => (int?)Add(problems, new DataProblem(field, "too_large", given)),
            _ => (int)n,
        };

    public static string ImageUrl(List<DataProblem> problems, string field, string? url)
    {
        var text = Text(problems, field, url, ImageUrlMax, required: false);
        if (text is not null && !PlatformValues.IsImageLink(text))
        {
            problems.Add(new DataProblem(field, "not_link", Shorten(text)));
            return "";
        }

        return text ?? "";
    }

    /// <summary>What only the whole order can tell: it has lines, and its amounts add up.</summary>
    public static void CheckOrder(List<DataProblem> problems, PlatformOrder order, Func<string, string> fieldName)
    {
        if (order.Lines.Count == 0)
        {
            problems.Add(new DataProblem(fieldName("items"), "no_lines"));
            return;
        }

        if (order.Lines.Count > LinesMax)
        {
            problems.Add(new DataProblem(fieldName("items"), "too_many_lines", Extra: LinesMax.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (order.DiscountFen > order.GoodsFen)
        {
            problems.Add(new DataProblem(fieldName("discountFen"), "discount_over_goods", Components.Display.Yuan(order.DiscountFen),
                Components.Display.Yuan(order.GoodsFen)));
        }
        else if (order.PaidFen > order.TotalFen)
        {
            problems.Add(new DataProblem(fieldName("paidFen"), "paid_over_total", Components.Display.Yuan(order.PaidFen),
                Components.Display.Yuan(order.TotalFen)));
        }

        if (order.UpdatedAt < order.CreatedAt)
        {
            problems.Add(new DataProblem(fieldName("updatedAt"), "before_created"));
        }
    }

    /// <summary>What the buyer paid when the update does not say: nothing before payment, else the full amount due.</summary>
    public static long DefaultPaid(OrderStatus status, DateTime? paidAt, long totalFen) =>
        status == OrderStatus.AwaitingPayment || (status == OrderStatus.Closed && paidAt is null) ? 0 : totalFen;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static long? Add(List<DataProblem> problems, DataProblem problem)
    {
        problems.Add(problem);
        return null;
    }
}
