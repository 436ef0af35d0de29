using BotService.Dialogs.Recognizers;

namespace BotService.Members;

/// <summary>
/// Words that work whatever dialog is open. Matched on the whole message (accents and case folded), so a sentence
/// that merely contains "menu" is still an answer to the current question. None of them is a carrier keyword
/// (STOP, START, HELP, YES...), which the SMS layer owns.
/// </summary>
public static class GlobalCommands
{
    private static readonly Dictionary<string, GlobalCommand> Exact = Build(
        (new(GlobalCommandKind.Menu), ["menu", "menu please", "main menu", "options", "opciones", "el menu"]),
        (new(GlobalCommandKind.CheckIn), ["checkin", "check in", "check", "chequeo", "registro"]),
        (new(GlobalCommandKind.Cope), ["cope", "coping", "idea", "ideas", "calma", "consejo"]),
        (new(GlobalCommandKind.Peer), ["peer", "talk", "talk to a peer", "hablar", "apoyo", "companera", "par"]),
        (new(GlobalCommandKind.Pause), ["pause", "pausa", "pausar"]),
        (new(GlobalCommandKind.Resume), ["resume", "reanudar", "seguir", "continuar"]),
        (new(GlobalCommandKind.DiscreetOn), ["discreet on", "discreet", "discreto on", "discreto si", "discreta on", "discreta si", "discreto", "discreta"]),
        (new(GlobalCommandKind.DiscreetOff), ["discreet off", "discreto off", "discreto no", "discreta off", "discreta no"]),
        (new(GlobalCommandKind.Language), ["language", "idioma", "lenguaje"]),
        (new(GlobalCommandKind.Language, Language: "en"), ["english", "ingles"]),
        (new(GlobalCommandKind.Language, Language: "es"), ["espanol", "spanish"]),
        (new(GlobalCommandKind.CodeWord), ["code word", "codeword", "palabra clave", "clave"]),
        (new(GlobalCommandKind.DeleteMyData), ["delete my data", "delete data", "delete me", "borrar mis datos", "borrar datos", "borrar todo"]));

    public static GlobalCommand Parse(string? text)
    {
        var tokens = TextNormalizer.Tokens(text);
        if (tokens.Length == 0) return new(GlobalCommandKind.None);
        var normalized = string.Join(' ', tokens);
        if (Exact.TryGetValue(normalized, out var command)) return command;
        // PAUSE 3 / PAUSA 3 / pause 3 days / pausa tres dias
        if (tokens[0] is "pause" or "pausa" or "pausar" && tokens.Length <= 3 && NumberRecognizer.Recognize(normalized) is int days)
            return new(GlobalCommandKind.Pause, Days: days);
        return new(GlobalCommandKind.None);
    }

    /// <summary>Normalized form used for code words: what she types, folded like every other answer.</summary>
    public static string NormalizeWord(string? text) => TextNormalizer.Normalize(text);

    private static Dictionary<string, GlobalCommand> Build(params (GlobalCommand Command, string[] Phrases)[] groups)
    {
        var map = new Dictionary<string, GlobalCommand>(StringComparer.Ordinal);
        foreach (var (command, phrases) in groups)
            foreach (var phrase in phrases) map[TextNormalizer.Normalize(phrase)] = command;
        return map;
    }
}
