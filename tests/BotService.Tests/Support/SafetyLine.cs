using BotService.Messaging;
using BotService.Tests.Volunteers;
using BotService.Volunteers;

namespace BotService.Tests.Support;

/// <summary>
/// The real line (turn pipeline, escalation, opt-outs) on <see cref="BotTestHost"/> with a fake clock, an admin key and a
/// coordinator, and what the tests ask of it. The outbox records what was queued; <see cref="Reaches"/> then asks the
/// same send-time gate the dispatcher asks, so a test reads what would actually arrive on a phone.
/// </summary>
public static class SafetyLine
{
    public const string Coordinator = "+15550009999";
    /// <summary>A Tuesday evening (UTC).</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 18, 0, 0, TimeSpan.Zero);

    /// <param name="realOutbox">Keep the host's own table outbox (rows in storage, the dispatcher running) instead of recording.</param>
    public static BotTestHost Host(bool realOutbox = false)
    {
        var clock = new FakeTimeProvider(Start);
        return new BotTestHost
        {
            Clock = clock,
            Outbox = realOutbox ? null : new RecordingOutbox(clock),
            Settings = new Dictionary<string, string?> { ["Admin:ApiKey"] = "k", ["Escalation:CoordinatorPhone"] = Coordinator },
        };
    }

    public static async Task AddVolunteerAsync(this BotTestHost host, string name, string phone, bool onCall = true, params string[] languages)
    {
        await host.Get<VolunteerDirectory>().AddAsync(name, phone, languages.Length == 0 ? ["en"] : languages, host.Now, default);
        if (onCall) await host.Texts(phone, "ON");
        host.Outbox?.Clear();
    }

    /// <summary>What the outbox would hand to the provider for this address now: the send-time gate's verdict included.</summary>
    public static async Task<IReadOnlyList<string>> Reaches(this BotTestHost host, string address)
    {
        var gate = host.Get<IMemberSendGate>();
        var delivered = new List<string>();
        foreach (var m in host.Outbox!.To(address))
            if (m.MemberKey is null || m.IsTurnReply || (await gate.CheckAsync(m.MemberKey, m.Priority, default)).Verdict == SendGateVerdict.Send)
                delivered.Add(m.Body);
        return delivered;
    }

    /// <summary>The case code from the latest page or summary sent to this volunteer.</summary>
    public static string CodeFrom(this BotTestHost host, string volunteer) =>
        host.Outbox!.To(volunteer)[^1].Body.Split("CLAIM ")[1].Split(' ')[0].Trim();

    public static string Text(string key, params (string, object?)[] values) => EscalationHarness.Text(key, values);
}
