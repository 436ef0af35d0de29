using BotService.Privacy;

namespace BotService.Tests.Privacy;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("+15551234567", "+15551234567")]
    [InlineData("(555) 123-4567", "+15551234567")]
    [InlineData("555.123.4567", "+15551234567")]
    [InlineData("1 555 123 4567", "+15551234567")]
    [InlineData(" +34 612 345 678 ", "+34612345678")]
    [InlineData("0034612345678", "+34612345678")]
    [InlineData("+447700900123", "+447700900123")]
    public void Normalizes_what_people_and_carriers_send_to_E164(string input, string expected)
    {
        Assert.True(PhoneNumber.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("12345")]
    [InlineData("+0123456789")]
    [InlineData("055-123-4567")]
    [InlineData("+1 055 123 4567")]
    [InlineData("+1234567890123456")]
    [InlineData("555-123-4567 ext 2")]
    [InlineData("client:alice")]
    public void Rejects_what_is_no_phone_number(string input)
    {
        Assert.False(PhoneNumber.TryNormalize(input, out _));
        var error = Assert.Throws<FormatException>(() => PhoneNumber.Normalize(input));
        Assert.Contains("E.164", error.Message);
    }
}
