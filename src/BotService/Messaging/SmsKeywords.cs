using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace BotService.Messaging;

/// <summary>
/// Recognises carrier keywords (the whole message is the keyword, any case, punctuation around it) and an explicit
/// list of plain-language requests to stop texting. Deliberately narrow: "stop crying" or "I want to stop drinking"
/// are conversation, not opt-outs, and a false opt-out silently cuts a woman off from her support.
/// </summary>
public static class SmsKeywords
{
    // Twilio's standard opt-out words, plus Spanish ones: honouring a Spanish "BAJA" costs nothing and respects her.
    // The carrier words are used by speakers of every language, so they carry no language: she is answered in hers.
    private static readonly FrozenDictionary<string, SmsKeywordMatch> Keywords = new Dictionary<string, SmsKeywordMatch>(StringComparer.Ordinal)
    {
        ["STOP"] = new(SmsKeyword.OptOut, null, false),
        ["STOPALL"] = new(SmsKeyword.OptOut, null, false),
        ["UNSUBSCRIBE"] = new(SmsKeyword.OptOut, null, false),
        ["CANCEL"] = new(SmsKeyword.OptOut, null, false),
        ["END"] = new(SmsKeyword.OptOut, null, false),
        ["QUIT"] = new(SmsKeyword.OptOut, null, false),
        ["REVOKE"] = new(SmsKeyword.OptOut, null, false),
        ["OPTOUT"] = new(SmsKeyword.OptOut, null, false),
        ["ALTO"] = new(SmsKeyword.OptOut, "es", false),
        ["BAJA"] = new(SmsKeyword.OptOut, "es", false),
        ["PARAR"] = new(SmsKeyword.OptOut, "es", false),
        ["CANCELAR"] = new(SmsKeyword.OptOut, "es", false),
        // Only Twilio's own opt-in words: they are what lifts Twilio's block on the number, so a Spanish word that
        // re-subscribed her with us but not with Twilio would promise texts that can never arrive.
        ["START"] = new(SmsKeyword.OptIn, null, false),
        ["UNSTOP"] = new(SmsKeyword.OptIn, null, false),
        ["YES"] = new(SmsKeyword.OptInIfOptedOut, null, false),
        ["HELP"] = new(SmsKeyword.Help, null, false),
        ["INFO"] = new(SmsKeyword.Help, null, false),
        ["AYUDA"] = new(SmsKeyword.Help, "es", false),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> StopPhrases = BuildStopPhrases();

    // Politeness around a request does not change it: "please stop texting me, thanks".
    private static readonly string[] Prefixes = ["please", "pls", "plz", "can you", "could you", "can you please", "could you please",
        "i want you to", "i need you to", "por favor", "porfa", "ya"];
    private static readonly string[] Suffixes = ["please", "pls", "plz", "thanks", "thank you", "thx", "anymore", "any more", "now",
        "por favor", "porfa", "gracias", "ya"];

    public static SmsKeywordMatch Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 160) return SmsKeywordMatch.None;
        var word = TrimNonWords(text).ToUpperInvariant();
        if (Keywords.TryGetValue(Fold(word), out var keyword)) return keyword;

        var phrase = NormalizePhrase(text);
        for (var changed = true; changed;)
        {
            if (StopPhrases.TryGetValue(phrase, out var language)) return new SmsKeywordMatch(SmsKeyword.OptOut, language, true);
            changed = false;
            foreach (var prefix in Prefixes)
                if (phrase.StartsWith(prefix + " ", StringComparison.Ordinal)) { phrase = phrase[(prefix.Length + 1)..]; changed = true; }
            foreach (var suffix in Suffixes)
                if (phrase.EndsWith(" " + suffix, StringComparison.Ordinal)) { phrase = phrase[..^(suffix.Length + 1)]; changed = true; }
        }
        return SmsKeywordMatch.None;
    }

    private static FrozenDictionary<string, string> BuildStopPhrases()
    {
        string[] english =
        [
            "stop texting me", "stop texting", "stop messaging me", "stop messaging", "stop sending me messages",
            "stop sending me texts", "stop sending messages", "stop sending texts", "stop contacting me", "stop all messages",
            "stop all texts", "stop the texts", "stop the messages", "dont text me", "do not text me", "dont message me",
            "do not message me", "dont contact me", "do not contact me", "no more texts", "no more messages",
            "i dont want any more texts", "i dont want any more messages", "i dont want these texts", "i dont want these messages",
            "unsubscribe me", "opt me out", "i want to opt out", "i want to unsubscribe", "opt out", "stop all",
            "take me off this list", "take me off your list", "take me off the list", "remove me from this list",
            "remove me from your list", "remove me from the list", "remove my number",
        ];
        string[] spanish =
        [
            "dejen de escribirme", "deja de escribirme", "dejen de mandarme mensajes", "deja de mandarme mensajes",
            "dejen de enviarme mensajes", "deja de enviarme mensajes", "no me manden mas mensajes", "no me mandes mas mensajes",
            "no me envien mas mensajes", "no me envies mas mensajes", "no me escriban mas", "no me escribas mas",
            "no me escriban", "no me escribas", "no quiero mas mensajes", "no quiero recibir mas mensajes", "no mas mensajes",
            "quiero darme de baja", "darme de baja", "dame de baja", "denme de baja", "cancelar suscripcion",
            "sacame de la lista", "saquenme de la lista", "quitenme de la lista", "quitame de la lista", "borren mi numero",
        ];
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in english) map[NormalizePhrase(p)] = "en";
        foreach (var p in spanish) map[NormalizePhrase(p)] = "es";
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Lowercase, accents and apostrophes dropped, every other non-letter a single space.</summary>
    internal static string NormalizePhrase(string text)
    {
        var folded = Fold(text.ToLowerInvariant());
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is '\'' or '\u2019' or '`') continue;
            if (char.IsLetterOrDigit(c)) builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != ' ') builder.Append(' ');
        }
        return builder.ToString().Trim();
    }

    private static string TrimNonWords(string text)
    {
        var span = text.AsSpan();
        var start = 0;
        var end = span.Length;
        while (start < end && !char.IsLetterOrDigit(span[start])) start++;
        while (end > start && !char.IsLetterOrDigit(span[end - 1])) end--;
        return span[start..end].ToString();
    }

    /// <summary>Removes diacritics so "más" and "mas", "sí" and "si" are the same word.</summary>
    private static string Fold(string text)
    {
        var decomposed = BotService.Dialogs.Recognizers.TextNormalizer.WellFormed(text).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) builder.Append(c);
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
