using BotService.Tests.Support;

namespace BotService.Tests.Hosting;

/// <summary>A bad setting stops the start, and the error names the key and the value, never a silent default.</summary>
public class OptionsValidationTests
{
    [Theory]
    [InlineData("CheckIns:RedFlagMood", "9", "CheckIns:RedFlagMood must be 1-5, got 9")]
    [InlineData("CheckIns:RedFlagUrge", "11", "CheckIns:RedFlagUrge must be 0-10, got 11")]
    [InlineData("Dialogs:SessionExpiry", "-00:05:00", "Dialogs:SessionExpiry must be more than 0")]
    [InlineData("Members:TimeZones:0", "Mars/Olympus_Mons", "Members:TimeZones:0 must be an IANA time zone id")]
    [InlineData("Retention:CheckInDays", "0", "Retention:CheckInDays must be a whole number of days")]
    [InlineData("Sms:DuplicateWait", "00:01:00", "Sms:DuplicateWait must be more than 0")]
    public void A_bad_value_stops_the_host_and_names_the_key(string key, string value, string expected)
    {
        using var host = new BotTestHost { Settings = new Dictionary<string, string?> { [key] = value } };
        var error = Assert.ThrowsAny<Exception>(() => { _ = host.Services; });
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_is_not_a_number_stops_the_host_and_names_the_key()
    {
        using var host = new BotTestHost { Settings = new Dictionary<string, string?> { ["CheckIns:RedFlagMood"] = "low" } };
        var error = Assert.ThrowsAny<Exception>(() => { _ = host.Services; });
        Assert.Contains("CheckIns:RedFlagMood", error.ToString(), StringComparison.Ordinal);
    }
}
