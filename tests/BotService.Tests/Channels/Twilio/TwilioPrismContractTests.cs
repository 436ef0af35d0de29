using System.Net;
using BotService.Channels.Twilio;
using BotService.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BotService.Tests.Channels.Twilio;

/// <summary>
/// Sends every kind of message we send through <see cref="TwilioMessageSender"/> (Twilio's SDK, moved to Prism by the
/// Twilio:ApiBaseUrl handler) to Prism mocking Twilio's own OpenAPI description with --errors, which answers 4xx/422 to
/// any request that breaks the spec (path, auth, form fields).
/// </summary>
public sealed class TwilioPrismContractTests(PrismFixture prism, ITestOutputHelper output) : IClassFixture<PrismFixture>
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private string _baseUrl => prism.BaseUrl;
    private string PrismLog() => prism.Log();

    /// <summary>On a clock that never moves, so a slow Prism on a busy machine is not mistaken for a Twilio timeout.</summary>
    private ServiceProvider Services(Action<TwilioOptions> configure)
    {
        var options = new TwilioOptions { AccountSid = AccountSid, AuthToken = "contract-test-token", ApiBaseUrl = _baseUrl };
        configure(options);
        return TwilioSenderServices.Build(options, new FakeTimeProvider(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero)));
    }

    public static TheoryData<string, string> Kinds => new()
    {
        { "from-number", "Hi, it's your check-in. Reply OK." },
        { "messaging-service", "Hi, it's your check-in. Reply OK." },
        { "status-callback", "Your peer replied." },
        { "unicode", "¿Cómo estás hoy? 💜 Estamos aquí." },
        { "max-length", new string('a', 1599) + "!" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_of_message_matches_twilios_spec(string kind, string body)
    {
        using var services = Services(o =>
        {
            if (kind == "messaging-service") o.MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";
            else o.PhoneNumber = "+15550001111";
            if (kind == "status-callback") o.PublicBaseUrl = "https://bot.example.org";
        });
        var result = await services.GetRequiredService<TwilioMessageSender>().SendMessageAsync("+15556200001", body, null, CancellationToken.None);
        output.WriteLine($"{kind}: HTTP {result.HttpStatus} sid {result.Sid} status {result.MessageStatus} code {result.ErrorCode}");
        Assert.True(result.HttpStatus is >= 200 and < 300, $"Prism rejected the {kind} request: HTTP {result.HttpStatus} code {result.ErrorCode}\n{PrismLog()}");
        Assert.Matches("^SM[0-9a-zA-Z]{32}$", result.Sid);
        if (kind == "max-length") Assert.Equal(1600, body.Length);
    }

    [Fact]
    public async Task Prism_really_checks_auth_so_the_contract_test_means_something()
    {
        using var http = new HttpClient();
        var url = $"{_baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json";
        var response = await http.PostAsync(url, new FormUrlEncodedContent([new("To", "+15556200001"), new("From", "+15550001111"), new("Body", "hi")]));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
