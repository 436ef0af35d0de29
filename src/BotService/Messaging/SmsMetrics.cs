using System.Diagnostics.Metrics;

namespace BotService.Messaging;

/// <summary>Counters operators alert on. One static meter: the instruments are process-wide and cheap.</summary>
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
}
