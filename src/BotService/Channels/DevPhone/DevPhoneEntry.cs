namespace BotService.Channels.DevPhone;

/// <summary>One text on the dev phone, seen from the person's phone.</summary>
public sealed record DevPhoneEntry(long Sequence, DevPhoneDirection Direction, string Body, DateTimeOffset At, string Source);
