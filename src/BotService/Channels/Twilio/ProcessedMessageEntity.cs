using BotService.Storage;

namespace BotService.Channels.Twilio;

/// <summary>
/// One inbound Twilio message we have seen. Keyed by a keyed hash of its MessageSid; the reply is kept encrypted so a
/// retry gets the same answer without the turn running twice. Nothing here names the sender.
/// </summary>
public sealed class ProcessedMessageEntity : TableEntityBase
{
    public ProcessingState State { get; set; }

    /// <summary>When the turn started; drives the purge and the takeover of abandoned turns.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The TwiML reply, encrypted with <see cref="BotService.Privacy.FieldEncryptor"/> (it may quote her words back).</summary>
    public string? ReplyProtected { get; set; }
}
