namespace BotService.Members;

/// <summary>Answer of <see cref="QuietHoursPolicy.IsAllowedCheckInTime"/>. <see cref="FirstAllowed"/> and
/// <see cref="LastAllowed"/> bound the times she may choose, for the dialog to offer.</summary>
public sealed record CheckInTimeCheck(bool Allowed, CheckInTimeRefusal Refusal, string? Reason, TimeOnly FirstAllowed, TimeOnly LastAllowed);
