namespace BotService.Safety.CrisisDetection;

[Flags]
internal enum TokenFlags : byte
{
    None = 0,
    Apostrophe = 1,
    Letter = 2,
    Digit = 4,
    Symbol = 8,
}
