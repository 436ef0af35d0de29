using System.Diagnostics.Metrics;

namespace BotService.Messaging;

/// <summary>Counters operators alert on. One static meter: the instruments are process-wide and cheap.
/// Tags carry enums and provider error codes only, never a number or a body.</summary>
public static class SmsMetrics
{
    public const string MeterName = "BotService.Sms";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Twilio 30007: a carrier filtered our message as spam. Every occurrence needs a human to look at the content.</summary>
    public static readonly Counter<long> CarrierFiltered = Meter.CreateCounter<long>("botservice.sms.carrier_filtered", description: "Messages blocked by carrier filtering (Twilio 30007).");

    /// <summary>Send attempts by outcome (accepted, retry_later, opted_out, unreachable, failed).</summary>
    public static readonly Counter<long> SendAttempts = Meter.CreateCounter<long>("botservice.sms.send_attempts", description: "Outbox send attempts by outcome.");

    /// <summary>Rows found in Sending past their lease (a crash between marking and recording); each may be one duplicate.</summary>
    public static readonly Counter<long> LeaseRecoveries = Meter.CreateCounter<long>("botservice.sms.lease_recoveries", description: "Outbox rows resent after a lost lease.");

    /// <summary>Sends that did not go through, by provider error code (Twilio's numeric code, "none" when there was
    /// none), outcome and where we learnt it (send: the API call; status: a delivery status callback).</summary>
    public static readonly Counter<long> SendFailures = Meter.CreateCounter<long>("botservice.sms.send_failures", description: "Failed or retried sends by provider error code.");

    public static void RecordFailure(string? errorCode, string outcome, string source) =>
        SendFailures.Add(1, new("error_code", SafeCode(errorCode)), new("outcome", outcome), new("source", source));

    /// <summary>Provider error codes are short numbers; anything else is collapsed so no free text becomes a tag.</summary>
    internal static string SafeCode(string? code) =>
        string.IsNullOrEmpty(code) ? "none" : code.Length <= 8 && code.All(char.IsAsciiDigit) ? code : "other";

    /// <summary>The due messages the dispatcher saw on its last pass, per priority: how many (capped at the page it
    /// reads, so "at least") and how long the oldest has waited past its due time. Kept by the dispatcher from the
    /// query it runs anyway: a scrape costs no storage read.</summary>
    private static readonly OutboxSnapshot[] Snapshots =
        [.. Enum.GetValues<MessagePriority>().OrderBy(p => (int)p).Select(p => new OutboxSnapshot(p))];

    static SmsMetrics()
    {
        Meter.CreateObservableGauge("botservice.outbox.depth",
            () => Snapshots.Select(s => new Measurement<long>(s.Depth, new KeyValuePair<string, object?>("priority", s.Priority.ToString()))),
            unit: "{message}", description: "Due outbox messages per priority at the dispatcher's last pass (capped at its page size).");
        Meter.CreateObservableGauge("botservice.outbox.oldest_age",
            () => Snapshots.Select(s => new Measurement<double>(s.OldestAgeSeconds(), new KeyValuePair<string, object?>("priority", s.Priority.ToString()))),
            unit: "s", description: "How long the oldest due outbox message per priority has waited past its due time.");
    }

    /// <summary>Called by the dispatcher each time it reads the due queue of one priority.</summary>
    public static void ObserveOutbox(MessagePriority priority, int due, TimeSpan oldestWait)
    {
        foreach (var s in Snapshots)
            if (s.Priority == priority) { s.Set(due, oldestWait); return; }
    }

    private sealed class OutboxSnapshot(MessagePriority priority)
    {
        private long _depth;
        private long _oldestWaitTicks;
        private long _observedAt = Environment.TickCount64;
        public MessagePriority Priority => priority;
        public long Depth => Interlocked.Read(ref _depth);

        public void Set(int due, TimeSpan oldestWait)
        {
            Interlocked.Exchange(ref _depth, due);
            Interlocked.Exchange(ref _oldestWaitTicks, due == 0 ? 0 : oldestWait.Ticks);
            Interlocked.Exchange(ref _observedAt, Environment.TickCount64);
        }

        /// <summary>The age grows between passes while something is waiting (a stuck dispatcher must show).</summary>
        public double OldestAgeSeconds()
        {
            if (Depth == 0) return 0;
            var sinceObserved = Environment.TickCount64 - Interlocked.Read(ref _observedAt);
            return TimeSpan.FromTicks(Interlocked.Read(ref _oldestWaitTicks)).TotalSeconds + sinceObserved / 1000.0;
        }
    }
}
