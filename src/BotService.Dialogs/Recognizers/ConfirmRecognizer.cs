namespace BotService.Dialogs.Recognizers;

/// <summary>
/// Yes/no from short answers in English or Spanish. Opt-out words (STOP, cancel, parar...) are never
/// answers: the channel layer handles them before any dialog runs, and treating them as "no" here
/// would hide a member's opt-out.
/// </summary>
public static class ConfirmRecognizer
{
    private static readonly HashSet<string> Yes = new(StringComparer.Ordinal)
    {
        "y", "yes", "yeah", "yea", "yep", "yup", "ya", "sure", "ok", "okay", "k", "absolutely", "definitely", "of course",
        "si", "claro", "dale", "vale", "bueno", "de acuerdo", "por supuesto", "claro que si", "sip",
    };

    private static readonly HashSet<string> No = new(StringComparer.Ordinal)
    {
        "n", "no", "nope", "nah", "nop", "negative", "not now", "no thanks", "no gracias", "todavia no", "ahora no",
    };

    // "no se" is "I don't know" in Spanish, not "no"; "not sure" would otherwise match "sure".
    private static readonly string[] Unsure =
    [
        "no se", "no lo se", "no estoy segura", "no estoy seguro", "not sure", "idk", "dont know", "don t know", "maybe", "quizas", "tal vez",
    ];

    private static readonly string[] OptOut =
    [
        "stop", "stopall", "unsubscribe", "cancel", "end", "quit", "parar", "alto", "cancelar", "baja",
    ];

    /// <summary>True for yes, false for no, null when unclear or an opt-out word.</summary>
    /// <param name="text">What she texted, as it arrived.</param>
    /// <param name="language">"en" or "es"; a hint only, both are accepted.</param>
    public static bool? Recognize(string? text, string? language = null)
    {
        _ = language;
        var normalized = TextNormalizer.Normalize(text);
        if (normalized.Length == 0
            || Unsure.Any(p => TextNormalizer.ContainsPhrase(normalized, p))
            || OptOut.Any(p => TextNormalizer.ContainsPhrase(normalized, p)))
        {
            return null;
        }

        if (Yes.Contains(normalized))
        {
            return true;
        }

        if (No.Contains(normalized))
        {
            return false;
        }

        // "yes please", "si claro", "no thanks, not today": the first yes/no word decides.
        foreach (var token in normalized.Split(' '))
        {
            if (Yes.Contains(token))
            {
                return true;
            }

            if (No.Contains(token))
            {
                return false;
            }
        }

        return null;
    }
}
