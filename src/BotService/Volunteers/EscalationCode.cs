using System.Security.Cryptography;

namespace BotService.Volunteers;

/// <summary>Short codes volunteers type on a phone keypad: no 0/O, 1/I/L, 5/S, 8/B, 2/Z lookalikes.</summary>
public static class EscalationCode
{
    public const string Alphabet = "ACDEFGHJKMNPQRTUVWXY34679";
    public const int Length = 4;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Uppercases and checks shape; what a volunteer typed after CLAIM.</summary>
    public static bool TryParse(string? text, out string code)
    {
        code = (text ?? "").Trim().ToUpperInvariant();
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
    }
}
