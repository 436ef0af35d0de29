using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Turns;
using BotService.Volunteers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotService.Bench;

/// <summary>
/// Issue 14's paging scenario, in process on the real host (SQLite, the real outbox dispatcher at Twilio's pacing,
/// wall-clock time), with a recording SMS transport in place of Twilio: 150 cases waiting, a volunteer toggled ON,
/// OFF and ON, 10,000 check-ins queued, then one imminent crisis. Reports how long the crisis text took to become a
/// page handed to the provider, how many texts the volunteer got in the first 10 s after each ON and per minute over
/// the run, and whether anything reached a silenced, opted-out or erased member.
/// Run: dotnet run -c Release --project bench/BotService.Bench -- paging-load [--cases 150] [--checkins 10000] [--rate 1]
/// </summary>
internal static class PagingLoadScenario
{
    private const string Volunteer = "+15557770001";

    public static async Task<int> RunAsync(string[] args)
    {
        var cases = IntArg(args, "--cases", 150);
        var checkIns = IntArg(args, "--checkins", 10_000);
        var rate = IntArg(args, "--rate", 1);
        var folder = Directory.CreateTempSubdirectory("paging-bench").FullName;
        var transport = new RecordingTransport();
        // Run from anywhere: the test host looks for the app's folder by this variable before guessing from the solution.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_BOTSERVICE", Path.Combine(BenchPaths.RepoRoot, "src", "BotService"));
        await using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Privacy:HashKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            b.UseSetting("Privacy:EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            b.UseSetting("Content:Root", Path.Combine(BenchPaths.RepoRoot, "dialogs"));
            b.UseSetting("Storage:Provider", "Sqlite");
            b.UseSetting("Storage:Sqlite:Path", Path.Combine(folder, "bot.db"));
            b.UseSetting("Twilio:MessagesPerSecond", rate.ToString(CultureInfo.InvariantCulture));
            b.ConfigureLogging(l => l.ClearProviders());
            b.ConfigureTestServices(s => s.AddSingleton<IMessageTransport>(transport));
        });
        _ = host.Services;
        var turns = host.Services.GetRequiredService<ITurnHandler>();
        var hasher = host.Services.GetRequiredService<KeyedHasher>();
        var members = host.Services.GetRequiredService<MemberRepository>();
        var outbox = host.Services.GetRequiredService<IOutbox>();
        var sid = 0;
        Task<TurnReply> Text(string from, string body) =>
            turns.HandleTurnAsync(new InboundMessage(BotService.Messaging.ChannelNames.Sms, from, body, $"SM{Interlocked.Increment(ref sid):D32}", DateTimeOffset.UtcNow), default);

        await host.Services.GetRequiredService<VolunteerDirectory>().AddAsync("Ana", Volunteer, ["en"], DateTimeOffset.UtcNow, default);

        // 150 cases waiting (nobody on call yet).
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < cases; i++) await Text(Member(i), "i feel hopeless, i can't do this anymore");
        Console.WriteLine($"opened {cases} cases in {wall.Elapsed.TotalSeconds:F1} s");

        // Members the bot must never reach: silenced by the code word, opted out by STOP, erased by DELETE MY DATA.
        var forbidden = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 30; i++)
        {
            var phone = Member(10_000 + i);
            forbidden.Add(phone);
            var key = hasher.PhoneKey(phone);
            switch (i % 3)
            {
                case 0:
                    var profile = MemberProfile.New(key, BotService.Messaging.ChannelNames.Sms);
                    profile.Status = MemberStatus.Active;
                    profile.SilencedUntil = DateTimeOffset.UtcNow.AddHours(24);
                    await members.SaveAsync(profile, default);
                    break;
                case 1:
                    await Text(phone, "STOP");
                    break;
            }
        }

        // 10,000 check-ins queued. The silenced and opted-out members' come first; the to-be-erased members' follow
        // 100 others (at 1/s the dispatcher needs 100 s to reach them) and are erased right after queueing.
        wall.Restart();
        var queued = 0;
        var erased = forbidden.Where((_, i) => i % 3 == 2).ToList();
        foreach (var phone in forbidden.Except(erased)) await CheckInAsync(phone, "forbidden");
        for (; queued < 100; queued++) await CheckInAsync(Member(20_000 + queued), "ok");
        foreach (var phone in erased) await CheckInAsync(phone, "forbidden");
        foreach (var eraser in host.Services.GetServices<IMemberDataEraser>())
            foreach (var phone in erased)
                await eraser.EraseAsync(hasher.PhoneKey(phone), default);
        for (; queued < checkIns - forbidden.Count; queued++) await CheckInAsync(Member(20_000 + queued), "ok");
        Console.WriteLine($"queued {checkIns} check-ins in {wall.Elapsed.TotalSeconds:F1} s");
        var runStart = DateTimeOffset.UtcNow;

        Task CheckInAsync(string phone, string tag) => outbox.EnqueueAsync(new OutboundMessage(BotService.Messaging.ChannelNames.Sms, phone,
            "Hi, how is your day, 1 to 5?", MessagePriority.CheckIn, $"bench-ci:{tag}:{phone}") { MemberKey = hasher.PhoneKey(phone) }, default);

        // ON, 10 s, OFF, ON again, 10 s.
        var firstOn = await OnAndCountAsync(Text, transport);
        await Text(Volunteer, "OFF");
        var secondOn = await OnAndCountAsync(Text, transport);

        // One imminent crisis, behind 150 waiting cases and the check-in backlog.
        var crisisAt = DateTimeOffset.UtcNow;
        var before = transport.To(Volunteer).Count;
        await Text(Member(99_999), "i am going to kill myself tonight");
        var deadline = Stopwatch.StartNew();
        TimeSpan? toPage = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var page = transport.To(Volunteer).Skip(before).FirstOrDefault(s => s.Body.Contains("URGENT", StringComparison.Ordinal));
            if (page is not null) { toPage = page.At - crisisAt; break; }
            await Task.Delay(10);
        }

        // Let the dispatcher work past the erased members' check-ins (about 100 s in at 1/s).
        while (DateTimeOffset.UtcNow - runStart < TimeSpan.FromSeconds(150)) await Task.Delay(250);
        var run = transport.Sends.ToList();
        var minutes = (DateTimeOffset.UtcNow - runStart).TotalMinutes;
        // The two ON replies (TwiML, not the outbox) count as texts she got.
        var toVolunteer = run.Where(s => s.To == Volunteer && s.At >= runStart).ToList();
        var reachedForbidden = run.Count(s => forbidden.Contains(s.To));

        Console.WriteLine();
        Console.WriteLine($"time crisis text -> imminent page handed to the provider: {(toPage is { } t ? $"{t.TotalMilliseconds:F0} ms" : "NOT SENT within 60 s")}");
        Console.WriteLine($"texts to the volunteer in the first 10 s after ON: {firstOn} (first ON), {secondOn} (after OFF and ON again), the ON reply included");
        Console.WriteLine($"texts to the volunteer per minute over the run: {(toVolunteer.Count + 2) / minutes:F1} ({toVolunteer.Count} from the outbox + 2 ON replies in {minutes:F1} min)");
        Console.WriteLine($"check-ins handed to the provider meanwhile: {run.Count(s => s.Body.StartsWith("Hi, how", StringComparison.Ordinal))}");
        Console.WriteLine($"messages handed to the provider: {run.Count} at {rate}/s; to a silenced, opted-out or erased member: {reachedForbidden}");
        var ok = toPage is { } p && p <= TimeSpan.FromSeconds(2) && firstOn <= 5 && secondOn <= 5 && reachedForbidden == 0;
        Console.WriteLine(ok ? "PASS (target: page within 2 s, at most 5 texts in 10 s after ON, none to a forbidden member)" : "FAIL");
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        return ok ? 0 : 1;
    }

    /// <summary>The ON reply (one text, TwiML) plus whatever the outbox sends her in the next 10 s.</summary>
    private static async Task<int> OnAndCountAsync(Func<string, string, Task<TurnReply>> text, RecordingTransport transport)
    {
        var before = transport.To(Volunteer).Count;
        var reply = await text(Volunteer, "ON");
        await Task.Delay(TimeSpan.FromSeconds(10));
        return reply.Messages.Count + transport.To(Volunteer).Count - before;
    }

    private static string Member(int i) => "+1555" + (1_000_000 + i).ToString("D7", CultureInfo.InvariantCulture);

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private sealed record Sent(string To, string Body, DateTimeOffset At);

    private sealed class RecordingTransport : IMessageTransport
    {
        public ConcurrentQueue<Sent> Sends { get; } = new();
        public string Channel => BotService.Messaging.ChannelNames.Sms;

        public List<Sent> To(string address) => [.. Sends.Where(s => s.To == address)];

        public Task<SendOutcome> SendAsync(string recipientAddress, string body, string outboxMessageId, CancellationToken cancellationToken)
        {
            Sends.Enqueue(new Sent(recipientAddress, body, DateTimeOffset.UtcNow));
            return Task.FromResult(new SendOutcome(SendOutcomeKind.Accepted, "SM" + outboxMessageId));
        }
    }
}
