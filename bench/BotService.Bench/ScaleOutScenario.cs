using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using BotService.Channels.Twilio;
using BotService.Members;
using BotService.Messaging;
using BotService.Messaging.Outbox;
using BotService.Privacy;
using BotService.Storage;
using BotService.Volunteers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BotService.Bench;

/// <summary>
/// Issue 16's scale-out scenario: several bot processes on one Azurite and one sending number, a Twilio stand-in that
/// records every message. Members are due a check-in in the same minute; while the scheduler fans them out, crisis
/// texts arrive at every instance in turn and page the volunteers on call; part-way through, the instance that is
/// sending is killed with SIGKILL. Then it checks, from the stand-in's arrivals and the outbox rows:
/// the number's rate in every one-second window, that no check-in queued after a page left before it, duplicates
/// (one recipient, one text, twice) and messages never sent.
/// Run: dotnet run -c Release --project bench/BotService.Bench -- scale-out [--instances 3] [--members 200] [--crises 12]
///      [--rate 1] [--no-kill] [--short]    (--short: 40 members, 4 crises, 2/s; what CI runs)
/// </summary>
internal static class ScaleOutScenario
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string BotNumber = "+15550001111";
    private const string CrisisText = "i am going to kill myself tonight, i have the pills in my hand";

    public static async Task<int> RunAsync(string[] args)
    {
        var isShort = args.Contains("--short");
        var instanceCount = IntArg(args, "--instances", 3);
        var memberCount = IntArg(args, "--members", isShort ? 40 : 200);
        var crisisCount = IntArg(args, "--crises", isShort ? 4 : 12);
        var rate = IntArg(args, "--rate", isShort ? 2 : 1);
        var kill = !args.Contains("--no-kill");
        const int volunteerCount = 3;
        var logs = Directory.CreateTempSubdirectory("scale-out-").FullName;
        Console.WriteLine($"scale-out: {instanceCount} instances, {memberCount} check-ins due in one minute, {crisisCount} crisis texts, one number at {rate}/s, kill: {kill} (logs in {logs})");

        using var azurite = new BenchAzurite();
        await using var twilio = await RecordingTwilioStandIn.StartAsync();
        var authToken = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:AzureTables:ConnectionString"] = azurite.ConnectionString,
            ["Privacy:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Privacy:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Twilio:AccountSid"] = AccountSid,
            ["Twilio:AuthToken"] = authToken,
            ["Twilio:PhoneNumber"] = BotNumber,
            ["Twilio:ApiBaseUrl"] = twilio.BaseUrl,
            ["Twilio:MessagesPerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
            // Short enough that a message caught mid-send by the kill is retried within the run.
            ["Outbox:Lease"] = "00:00:25",
            ["CheckIns:TickInterval"] = "00:00:02",
            ["CheckIns:LeaseDuration"] = "00:00:10",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        var instances = new List<BotInstanceProcess>();
        try
        {
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, instanceCount).Select(async i =>
            {
                var instance = await BotInstanceProcess.StartAsync($"instance-{i}", settings, logs);
                lock (instances) instances.Add(instance);
            }));
            instances.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            Console.WriteLine($"{instanceCount} instances ready in {wall.Elapsed.TotalSeconds:F1} s");

            // The driver reaches the same tables through the bot's own services, with none of its background work.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_BOTSERVICE", Path.Combine(BenchPaths.RepoRoot, "src", "BotService"));
            await using var tools = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Production");
                foreach (var (key, value) in settings) b.UseSetting(key, value);
                b.UseSetting("Content:Root", Path.Combine(BenchPaths.RepoRoot, "dialogs"));
                b.ConfigureLogging(l => l.ClearProviders());
                b.ConfigureTestServices(s => s.RemoveAll<IHostedService>());
            });
            var services = tools.Services;
            var hasher = services.GetRequiredService<KeyedHasher>();
            var encryptor = services.GetRequiredService<FieldEncryptor>();
            var store = services.GetRequiredService<ITableStore>();
            var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var sid = 0;
            async Task Text(BotInstanceProcess to, string from, string body)
            {
                var url = to.BaseUrl + TwilioInboundEndpoints.InboundPath;
                var form = new Dictionary<string, string>
                {
                    ["AccountSid"] = AccountSid, ["From"] = from, ["To"] = BotNumber, ["Body"] = body,
                    ["MessageSid"] = $"SM{Interlocked.Increment(ref sid):D32}", ["NumMedia"] = "0",
                };
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
                request.Headers.Add(TwilioSignatureValidator.HeaderName, TwilioSignatureValidator.Compute(authToken, url, form));
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{to.Name} answered {(int)response.StatusCode} to a text");
            }

            // Volunteers on call, each through a different instance.
            var directory = services.GetRequiredService<VolunteerDirectory>();
            for (var v = 0; v < volunteerCount; v++)
            {
                await directory.AddAsync($"Volunteer {v}", Volunteer(v), ["en"], DateTimeOffset.UtcNow, default);
                await Text(instances[v % instanceCount], Volunteer(v), "ON");
            }

            // Every member due in the same minute, at one o'clock in the afternoon her time (clear of quiet hours).
            var due = NextMinute(DateTimeOffset.UtcNow.AddSeconds(20));
            var zone = AfternoonZone(due);
            var local = TimeZoneInfo.ConvertTime(due, TimeZoneInfo.FindSystemTimeZoneById(zone));
            var members = services.GetRequiredService<MemberRepository>();
            for (var i = 0; i < memberCount; i++)
            {
                var profile = MemberProfile.New(hasher.PhoneKey(Member(i)), BotService.Messaging.ChannelNames.Sms);
                profile.Status = MemberStatus.Active;
                profile.Language = "en";
                profile.TimeZone = zone;
                profile.CheckInMinuteOfDay = local.Hour * 60 + local.Minute;
                profile.ConsentedAt = DateTimeOffset.UtcNow;
                profile.EncryptedAddress = encryptor.Encrypt(Member(i));
                await members.SaveAsync(profile, default);
            }
            Console.WriteLine($"{memberCount} members due at {due:HH:mm:ss} UTC ({zone} {local:HH:mm}); {volunteerCount} volunteers on call");
            var checkInsArrived = () => twilio.Received.Count(r => r.To.StartsWith("+1555100", StringComparison.Ordinal));
            while (DateTimeOffset.UtcNow < due || checkInsArrived() == 0)
            {
                if (DateTimeOffset.UtcNow > due.AddMinutes(2)) throw new TimeoutException("no check-in arrived within 2 minutes of the due minute");
                await Task.Delay(100);
            }
            Console.WriteLine($"fan-out started {(DateTimeOffset.UtcNow - due).TotalSeconds:F1} s after the due minute");

            // Crisis texts at every instance in turn while the fan-out runs.
            var crisisSent = new List<(int Member, DateTimeOffset At)>();
            var crises = Task.Run(async () =>
            {
                for (var c = 0; c < crisisCount; c++)
                {
                    var at = DateTimeOffset.UtcNow;
                    await Text(instances[c % instanceCount], "+1555200" + c.ToString("D4", CultureInfo.InvariantCulture), CrisisText);
                    lock (crisisSent) crisisSent.Add((c, at));
                    await Task.Delay(400);
                }
            });

            DateTimeOffset? killedAt = null;
            string? killedName = null;
            var leases = store.GetTable<LeaseRow>(LeaseRow.TableName);
            var outboxTable = store.GetTable<OutboxRow>(OutboxRow.TableName);
            var deadline = DateTimeOffset.UtcNow.AddMinutes(3) + TimeSpan.FromSeconds((memberCount + crisisCount * 3) * 1.5 / rate);
            List<OutboxRow> rows;
            while (true)
            {
                if (kill && killedAt is null && checkInsArrived() >= memberCount / 3)
                {
                    var holder = (await leases.GetAsync(LeaseRow.PartitionKeyValue, OutboxDispatcher.DispatchLeaseName))?.Holder ?? "";
                    var pid = holder.Split('-') is { Length: >= 3 } parts && int.TryParse(parts[^2], CultureInfo.InvariantCulture, out var p) ? p : -1;
                    var victim = instances.FirstOrDefault(x => x.ProcessId == pid);
                    if (victim is null) throw new InvalidOperationException($"the dispatch lease holder '{holder}' is none of our instances");
                    victim.Kill();
                    killedAt = DateTimeOffset.UtcNow;
                    killedName = victim.Name;
                    Console.WriteLine($"killed {victim.Name} (SIGKILL), the sending instance, after {checkInsArrived()} check-ins");
                }
                rows = [];
                await foreach (var row in outboxTable.QueryPartitionAllAsync(OutboxRow.Partition, RowKeyRange.Prefix("msg-"))) rows.Add(row);
                var settled = crises.IsCompleted && rows.Count > 0 && rows.All(r => r.Status is not (OutboxStatus.Queued or OutboxStatus.Sending))
                    && checkInsArrived() >= memberCount && rows.Count(r => r.Priority is MessagePriority.Crisis or MessagePriority.Imminent) >= crisisCount;
                if (settled) break;
                if (DateTimeOffset.UtcNow > deadline)
                {
                    Console.WriteLine("timed out waiting for the outbox to settle");
                    break;
                }
                await Task.Delay(500);
            }
            await crises;

            var recipients = rows.Where(r => r.RecipientCipher is not null).ToDictionary(r => r.MessageId!, r => encryptor.Decrypt(r.RecipientCipher!));
            return Report(twilio.Received.ToList(), rows, recipients, crisisSent, rate, memberCount, crisisCount, killedAt, killedName);
        }
        finally
        {
            foreach (var instance in instances) instance.Dispose();
        }
    }

    private static int Report(List<ReceivedMessage> arrivals, List<OutboxRow> rows, Dictionary<string, string> recipients, List<(int Member, DateTimeOffset At)> crisisSent, int rate,
        int memberCount, int crisisCount, DateTimeOffset? killedAt, string? killedName)
    {
        var arrivalBySid = arrivals.ToDictionary(a => a.Sid);
        var pages = rows.Where(r => r.Priority is MessagePriority.Crisis or MessagePriority.Imminent).ToList();
        var checkIns = rows.Where(r => r.Priority == MessagePriority.CheckIn).ToList();
        DateTimeOffset? Arrival(OutboxRow r) => r.ProviderSid is { } s && arrivalBySid.TryGetValue(s, out var a) ? a.At : null;

        // Pace: the most messages one sender delivered within any one second.
        var worstWindow = 0;
        var smallestGap = TimeSpan.MaxValue;
        foreach (var sender in arrivals.GroupBy(a => a.Sender))
        {
            var times = sender.Select(a => a.At).Order().ToList();
            for (int i = 0, j = 0; i < times.Count; i++)
            {
                while (times[i] - times[j] >= TimeSpan.FromSeconds(1)) j++;
                worstWindow = Math.Max(worstWindow, i - j + 1);
                if (i > 0 && times[i] - times[i - 1] < smallestGap) smallestGap = times[i] - times[i - 1];
            }
        }

        // Order: a check-in stored after a page must not reach Twilio before it.
        var overtaken = 0;
        foreach (var page in pages)
        {
            if (Arrival(page) is not { } pageAt) continue;
            overtaken += checkIns.Count(c => c.CreatedAt > page.CreatedAt && Arrival(c) is { } at && at < pageAt);
        }

        // A duplicate is an arrival beyond the messages queued for that recipient (a re-page has its own row).
        var queuedFor = rows.Where(r => r.MessageId is { } id && recipients.ContainsKey(id)).GroupBy(r => recipients[r.MessageId!]).ToDictionary(g => g.Key, g => g.Count());
        var duplicates = arrivals.GroupBy(a => a.To).Sum(g => Math.Max(0, g.Count() - queuedFor.GetValueOrDefault(g.Key)));
        var notSent = rows.Count(r => r.Status is not (OutboxStatus.Sent or OutboxStatus.Delivered));
        var membersReached = arrivals.Where(a => a.To.StartsWith("+1555100", StringComparison.Ordinal)).Select(a => a.To).Distinct().Count();
        var missedCheckIns = memberCount - membersReached;
        var pagedCases = pages.Count == 0 ? 0 : arrivals.Count(a => a.To.StartsWith("+1555700", StringComparison.Ordinal));
        var toPage = pages.Select(Arrival).OfType<DateTimeOffset>().Order().ToList();
        var firstPageDelays = crisisSent.Select(c => toPage.FirstOrDefault(p => p >= c.At) is var p && p != default ? (p - c.At).TotalSeconds : double.NaN).ToList();
        var takeover = killedAt is { } k && arrivals.Where(a => a.At > k).Select(a => a.At).DefaultIfEmpty().Min() is var next && next != default ? next - k : (TimeSpan?)null;

        Console.WriteLine();
        Console.WriteLine($"messages at the provider: {arrivals.Count} ({checkIns.Count} check-ins, {pages.Count} pages, {rows.Count - checkIns.Count - pages.Count} other) from {arrivals.Select(a => a.Sender).Distinct().Count()} sender(s)");
        Console.WriteLine($"most messages from one sender in any 1 s window: {worstWindow} (configured {rate}/s); smallest gap {smallestGap.TotalMilliseconds:F0} ms");
        Console.WriteLine($"check-ins stored after a page that reached the provider before it: {overtaken}");
        Console.WriteLine($"duplicates (arrivals beyond the messages queued for that recipient): {duplicates}; outbox messages not sent: {notSent}; members without their check-in: {missedCheckIns} ({memberCount - checkIns.Count} never queued); texts to volunteers: {pagedCases}");
        if (firstPageDelays.Count > 0)
            Console.WriteLine($"crisis text -> next page at the provider: max {firstPageDelays.Max():F1} s");
        if (killedAt is not null)
            Console.WriteLine($"{killedName} killed; next message at the provider {takeover?.TotalSeconds:F1} s later (dispatch lease 20 s)");
        var pass = worstWindow <= rate && overtaken == 0 && duplicates == 0 && notSent == 0 && missedCheckIns == 0 && pages.Count >= crisisCount;
        Console.WriteLine(pass ? "PASS" : "FAIL");
        return pass ? 0 : 1;
    }

    /// <summary>A fixed-offset zone where <paramref name="at"/> is 13:xx, so quiet hours never hold the run.</summary>
    private static string AfternoonZone(DateTimeOffset at)
    {
        var offset = 13 - at.UtcDateTime.Hour;
        if (offset < -12) offset += 24;
        if (offset > 14) offset -= 24;
        // POSIX-style names: Etc/GMT-3 is three hours ahead of UTC.
        return offset == 0 ? "Etc/UTC" : offset > 0 ? $"Etc/GMT-{offset}" : $"Etc/GMT+{-offset}";
    }

    private static DateTimeOffset NextMinute(DateTimeOffset t) =>
        new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    private static string Member(int i) => "+1555100" + i.ToString("D4", CultureInfo.InvariantCulture);

    private static string Volunteer(int i) => "+1555700" + i.ToString("D4", CultureInfo.InvariantCulture);

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
