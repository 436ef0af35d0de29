namespace BotService.Channels.Sms;

/// <summary>Bound from the <c>Sms</c> section.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>Named in the HELP reply and the opt-out confirmations (carriers require the program name). Neutral by
    /// default: whoever holds her phone reads it, so it must not say what the program is about.</summary>
    public string ProgramName { get; set; } = "Support Line";

    /// <summary>How long a retried webhook waits for the first delivery of the same message to finish its turn.</summary>
    public TimeSpan DuplicateWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A message still marked in progress after this long was abandoned (the process died mid-turn); a retry may take it over.</summary>
    public TimeSpan StaleProcessingAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Processed-message records are kept this long to answer Twilio's retries, then purged.</summary>
    public TimeSpan ProcessedRetention { get; set; } = TimeSpan.FromDays(2);
}
