using System.Diagnostics;
using System.Net.Http.Json;
using BotService.Channels.DevPhone;
using BotService.Content;
using BotService.Messaging.Outbox;
using BotService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BotService.Tests.CheckIns;

/// <summary>
/// The dev phone walk-through from the issue: "a member who sets her time to two minutes from now gets her prompt
/// within a minute of it". The whole real host in Development (real turn pipeline, SQLite, scheduler, outbox
/// dispatcher, dev phone transport); only the clock is fake, so minutes pass in milliseconds.
/// </summary>
public sealed class DevPhoneCheckInTests : IDisposable
{
    // 10:00 in Chicago (CDT, UTC-5) on a Monday: outside quiet hours, and far from any DST change.
    private static readonly DateTimeOffset FakeNow = new(2026, 6, 1, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ChosenTime = FakeNow.AddMinutes(2);
    private const string Number = "+13125550147";   // a Chicago area code, so onboarding suggests Central time

    private readonly TimerCountingTimeProvider _clock = new(FakeNow);
    private readonly BotTestHost _host;
    private readonly HttpClient _client;
    private readonly ContentCatalog _content = ContentCatalog.LoadFrom(RepoPaths.Dialogs);

    public DevPhoneCheckInTests()
    {
        // The real Program in Development: the real turn handler, no Twilio account (outbound SMS go to the dev phone).
        _host = new BotTestHost { Clock = _clock };
        _client = _host.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task A_member_who_picks_two_minutes_from_now_gets_one_prompt_within_a_minute_and_her_reply_is_her_mood()
    {
        // Onboarding as in OnboardingTranscriptTests, through the dev phone's JSON API.
        Assert.Contains("Reply 1 for English", await SendAsync("hi"));
        Assert.Contains("never see your number", await SendAsync("1"));
        Assert.Contains("What time each day", await SendAsync("yes"));
        Assert.Contains("looks like Central", await SendAsync("10:02 am"));
        Assert.Contains("Discreet mode", await SendAsync("ok"));
        Assert.Contains("code word", await SendAsync("2"));
        Assert.Contains("All set: check-ins at 10:02 AM (Central)", await SendAsync("SKIP"));

        var prompt = _content.Text("en", "checkin-prompts.prompt");
        var reminder = _content.Text("en", "checkin-prompts.reminder");
        Assert.Empty(await ReceivedAsync(prompt));

        // Move the clock the way real time would: 15 s at a time (the scheduler's tick), letting the host's background
        // services catch up after each step, until the prompt shows on her phone or a bound is passed.
        DevPhoneMessage? arrived = null;
        for (var step = 0; step < 40 && arrived is null; step++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(15));
            arrived = (await ReceivedAsync(prompt)).FirstOrDefault();
        }
        Assert.True(arrived is not null, $"no check-in prompt by {_clock.GetUtcNow():O} (chosen {ChosenTime:O})");
        Assert.InRange(arrived.At, ChosenTime, ChosenTime.AddMinutes(1));

        // An hour later: still exactly one prompt (the scheduler and the outbox must not send it again).
        for (var step = 0; step < 4 * 60; step++) await AdvanceAsync(TimeSpan.FromSeconds(15));
        Assert.Single(await ReceivedAsync(prompt));

        // Past CheckIns:ReminderAfter (2 h by default) a reminder may come; that is fine, the prompt stays single.
        for (var step = 0; step < 4 * 75; step++) await AdvanceAsync(TimeSpan.FromSeconds(15));
        Assert.Single(await ReceivedAsync(prompt));
        Assert.True((await ReceivedAsync(reminder)).Count <= 1);

        // Her "4" answers the prompt: the check-in's next question is about urges.
        var answer = await SendAsync("4");
        Assert.Contains(_content.Text("en", "checkin.urge"), answer);
    }

    private async Task<string> SendAsync(string body)
    {
        using var response = await _client.PostAsJsonAsync("/dev/phone/messages", new { from = Number, body });
        response.EnsureSuccessStatusCode();
        var sent = await response.Content.ReadFromJsonAsync<DevPhoneEndpoints.SendResponse>();
        return string.Join("\n", sent!.Replies);
    }

    private async Task<List<DevPhoneMessage>> ReceivedAsync(string body)
    {
        var thread = await _client.GetFromJsonAsync<DevPhoneThread>("/dev/phone/messages?number=" + Uri.EscapeDataString(Number));
        return thread!.Messages.Where(m => m.Direction == "received" && m.Body == body).ToList();
    }

    /// <summary>Advances the fake clock, then waits (real time, bounded) until the host's background loops have
    /// finished what the new time made due. Without that wait the next step would move the clock under a tick or a
    /// send still running, and the dev phone would stamp the prompt later than it really went out.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        await SettleAsync();
        _clock.Advance(by);
        await SettleAsync();
    }

    /// <summary>Parked = every loop has re-armed its timer on the fake clock (the count seen at rest after start-up:
    /// the scheduler's Task.Delay, the dispatcher's wake timer and the host's other timers) and the dispatcher says it
    /// is waiting. A wake from an enqueue clears the dispatcher's idle flag before the scheduler re-arms, so both checks
    /// together cannot pass while a prompt is between the outbox and the phone.</summary>
    private async Task SettleAsync()
    {
        var dispatcher = _host.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        var waited = Stopwatch.StartNew();
        if (_parkedTimers == 0)
        {
            // First call: learn the at-rest timer count once the dispatcher is parked and the count holds still.
            var last = -1;
            while (waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                var now = _clock.ArmedTimers;
                if (dispatcher.IsIdle && now == last && now >= 2) break;
                last = now;
                await Task.Delay(50);
            }
            _parkedTimers = _clock.ArmedTimers;
            return;
        }
        var settledTwice = 0;
        while (settledTwice < 2 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            settledTwice = _clock.ArmedTimers >= _parkedTimers && dispatcher.IsIdle ? settledTwice + 1 : 0;
            await Task.Delay(2);
        }
    }

    private int _parkedTimers;

    private sealed record DevPhoneMessage(string Direction, string Body, DateTimeOffset At, string Source, long Sequence);
    private sealed record DevPhoneThread(string Number, List<DevPhoneMessage> Messages);
}
