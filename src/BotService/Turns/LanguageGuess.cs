using BotService.Dialogs.Recognizers;

namespace BotService.Turns;

/// <summary>Language of a first message from an unknown number, until she picks one.</summary>
public static class LanguageGuess
{
    private static readonly HashSet<string> SpanishWords = new(StringComparer.Ordinal)
    {
        "hola", "buenas", "buenos", "dias", "tardes", "noches", "necesito", "quiero", "estoy", "ayuda", "ayudame", "gracias", "por", "favor",
        "que", "como", "informacion", "espanol", "si", "soy", "tengo", "puedo", "mujer", "hablar", "alguien", "bien", "mal", "triste",
    };

    public static string Guess(string? text)
    {
        var tokens = TextNormalizer.Tokens(text);
        // Accented letters and ¿¡ are a strong hint even in one-word messages.
        if (text is not null && text.IndexOfAny(['ñ', '¿', '¡', 'á', 'é', 'í', 'ó', 'ú']) >= 0) return "es";
        return tokens.Any(SpanishWords.Contains) ? "es" : "en";
    }
}
