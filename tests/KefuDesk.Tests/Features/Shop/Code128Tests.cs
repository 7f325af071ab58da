using KefuDesk.Features.Shop.Orders;

namespace KefuDesk.Tests.Features.Shop;

/// <summary>
/// The labels' barcodes follow Code 128: start symbol, data, weighted check symbol, stop. (That a
/// scanner reads them is BatchLabelsTests: zbarimg decodes a printed label.)
/// </summary>
public sealed class Code128Tests
{
    [Fact]
    public void Letters_and_digits_use_code_set_B_with_the_weighted_check_symbol()
    {
        // Start B (104), then each character's value (ASCII − 32), then (104 + Σ value × position) mod 103.
        var symbols = Code128.Symbols("PJJ123C")!;
        Assert.Equal([104, 48, 42, 42, 17, 18, 19, 35, 55], symbols);
    }

    [Fact]
    public void All_digit_numbers_of_even_length_use_code_set_C_two_digits_a_symbol()
    {
        var symbols = Code128.Symbols("75312345678901")!;
        Assert.Equal(105, symbols[0]);
        Assert.Equal([75, 31, 23, 45, 67, 89, 1], symbols.Skip(1).Take(7));
        Assert.Equal(9, symbols.Count);

        Assert.Equal(104, Code128.Symbols("753123456789012")![0]); // odd length: set B
    }

    [Fact]
    public void Every_symbol_is_eleven_modules_and_the_stop_thirteen()
    {
        var symbols = Code128.Symbols("SF1234567890")!;
        var modules = Code128.Modules("SF1234567890")!;
        Assert.Equal((symbols.Count * 11) + 13, modules.Sum(c => c - '0'));
        Assert.Equal((symbols.Count * 6) + 7, modules.Length); // bar, space … ending on a bar
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("顺丰123")]
    [InlineData("SF\n123")]
    [InlineData("12345678901234567890123456789012345678901")] // 41 characters
    public void What_a_scanner_could_not_read_gets_no_barcode(string? text)
    {
        Assert.Null(Code128.Symbols(text));
        Assert.Null(Code128.Svg(text));
    }

    [Fact]
    public void The_svg_holds_only_bars_never_the_text()
    {
        var svg = Code128.Svg("<b>")!;
        Assert.StartsWith("<svg", svg);
        Assert.DoesNotContain("<b>", svg);
    }
}
