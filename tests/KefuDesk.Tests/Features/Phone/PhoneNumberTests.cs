using KefuDesk.Features.Channels;
using KefuDesk.Features.Customers;
using KefuDesk.Features.Phone;

namespace KefuDesk.Tests.Features.Phone;

/// <summary>One buyer, one number: the forms people write a phone number in all come to the same identity.</summary>
public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("+86 138-0013-8000", "13800138000")]
    [InlineData("0086 138 0013 8000", "13800138000")]
    [InlineData("8613800138000", "13800138000")]
    [InlineData("(138) 0013 8000", "13800138000")]
    [InlineData("+86 10 8888 6666", "01088886666")]
    [InlineData("+86 (0)10 8888 6666", "01088886666")]
    [InlineData("010-8888-6666", "01088886666")]
    [InlineData("+852 9123 4567", "+85291234567")]
    [InlineData("001 415 555 0100", "+14155550100")]
    [InlineData("95588", "95588")]
    public void Normalises_to_the_stored_form(string written, string stored) =>
        Assert.Equal(stored, ChannelBuyer.Normalise(IdentityKind.Phone, written));

    [Theory]
    [InlineData("12")]
    [InlineData("abc")]
    [InlineData("138 0013 8000 转 2")]
    [InlineData("+")]
    [InlineData("1234567890123456789012345678901")]
    [InlineData("-0.01")]
    [InlineData("0.01")]
    [InlineData("1e10")]
    [InlineData("1380013800")]
    [InlineData("138001380001")]
    [InlineData("+86 138 0013 800")]
    [InlineData("13800138000\0")]
    public void Refuses_what_is_not_a_number(string typed) => Assert.Null(CheckedCall.Normalised(typed));

    [Theory]
    [InlineData("138 0013 8000", "13800138000")]
    [InlineData("+86 (0)10 8888 6666", "01088886666")]
    [InlineData("0755-8888 6666", "075588886666")]
    [InlineData("+852 9123 4567", "+85291234567")]
    [InlineData("+1 650 253 0000", "+16502530000")]
    public void A_number_that_exists_is_stored_in_the_identity_form(string typed, string stored) =>
        Assert.Equal(stored, PhoneNumberInput.Stored(typed));

    [Theory]
    [InlineData("95588")]
    [InlineData("10086")]
    public void Service_numbers_count_for_calls_but_not_as_a_buyers_number(string typed)
    {
        Assert.Equal(typed, CheckedCall.Normalised(typed));
        Assert.Null(PhoneNumberInput.Stored(typed));
    }
}
