namespace BotService.Safety.CrisisDetection;

/// <summary>
/// One word (or emoji) of a message. <c>Raw</c> keeps inner apostrophes so the spelling table can tell
/// "od'd" from "odd"; <c>Canon</c> is what phrases are compared with.
/// </summary>
internal readonly record struct RawToken(int RawStart, int RawLength, int CanonStart, int CanonLength, TokenFlags Flags);
