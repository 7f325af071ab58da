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

        // Odd length: pairs in C, then the last digit in B after the switch (100).
        Assert.Equal([105, 75, 31, 23, 45, 67, 89, 1, 100, 18, 63], Code128.Symbols("753123456789012")!);
    }

    [Theory]
    [InlineData("SF1234567890", new[] { 104, 51, 38, 99, 12, 34, 56, 78, 90, 82 })] // letters in B, then C (99) for the ten digits
    [InlineData("XL20261118007", new[] { 104, 56, 44, 18, 99, 2, 61, 11, 80, 7, 0 })] // odd run: its first digit stays in B
    [InlineData("AB123456CD", new[] { 104, 33, 34, 99, 12, 34, 56, 100, 35, 36, 94 })] // six digits inside: to C and back to B
    [InlineData("AB1234CD", new[] { 104, 33, 34, 17, 18, 19, 20, 35, 36, 46 })] // four inside: not worth two switches
    public void Runs_of_digits_switch_to_code_set_C_where_that_makes_the_symbol_shorter(string text, int[] expected)
    {
        Assert.Equal(expected, Code128.Symbols(text)!);
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
