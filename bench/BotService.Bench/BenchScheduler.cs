using BotService.CheckIns;
using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Storage;
using BotService.Volunteers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BotService.Bench;

/// <summary>The check-in scheduler wired by hand the way AddCheckIns wires it, for the scheduling benchmarks:
/// nobody opted out, outreach requests dropped.</summary>
internal sealed class BenchScheduler
{
    public required CheckInIndex Index { get; init; }
    public required CheckInScheduler Scheduler { get; init; }

    private static readonly string[] Zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/Madrid"];

    /// <summary>Member <paramref name="i"/> of the scheduling benchmarks' mix: five zones, check-ins 08:00-20:59 local,
    /// a third Spanish, a quarter discreet. Not stored.</summary>
    public static MemberProfile Member(int i, FieldEncryptor encryptor)
    {
        var p = MemberProfile.New(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))), BotService.Messaging.ChannelNames.Sms);
        p.Status = MemberStatus.Active;
        p.TimeZone = Zones[i % Zones.Length];
        p.CheckInMinuteOfDay = 8 * 60 + i % (13 * 60);
        p.Language = i % 3 == 0 ? "es" : "en";
        p.Discreet = i % 4 == 0;
        p.EncryptedAddress = encryptor.Encrypt("+1555" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));
        return p;
    }

    public static BenchScheduler Create(ITableStore store, TimeProvider clock, IOutbox outbox, ContentCatalog content, FieldEncryptor encryptor,
        TimeSpan? firstRunLookback = null)
    {
        var options = Options.Create(new CheckInOptions());
        var index = new CheckInIndex(store, clock, NullLogger<CheckInIndex>.Instance);
        var members = new MemberRepository(store, [index]);
        var ledger = new CheckInLedger(store, members, clock);
        var scheduler = new CheckInScheduler(store, members, index, ledger, outbox, content, encryptor, new NoOptOuts(), new NoOutreach(),
            new QuietHoursPolicy(options.Value.QuietHours), options, clock, NullLogger<CheckInScheduler>.Instance) { FirstRunLookback = firstRunLookback ?? TimeSpan.FromMinutes(1) };
        return new BenchScheduler { Index = index, Scheduler = scheduler };
    }

    private sealed class NoOptOuts : IOptOutLookup
    {
        public Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken) => Task.FromResult(false);
    }

    private sealed class NoOutreach : IPeerSupportQueue
    {
        public Task<bool> RequestPeerAsync(string memberKey, PeerRequestReason reason, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
