namespace BotService.Dialogs.Recognizers;

/// <summary>
/// Maps a mood word to the 1-5 check-in scale, so "bien" counts as an answer to "how are you, 1 to 5?".
/// <list type="table">
/// <item><term>5</term><description>great, amazing, awesome, excellent, wonderful, fantastic, very good, really good, super / genial, excelente, increible, muy bien, super bien, maravillosa, fenomenal</description></item>
/// <item><term>4</term><description>good, pretty good, happy, well, better / bien, feliz, contenta, contento, mejor, tranquila</description></item>
/// <item><term>3</term><description>ok, okay, meh, so so, fine, alright, not bad, normal / asi asi, mas o menos, regular, normal, ahi vamos, no tan mal</description></item>
/// <item><term>2</term><description>bad, not good, not great, not ok, sad, down, low, tired, stressed, anxious, rough / mal, triste, cansada, no muy bien, no tan bien, estresada, ansiosa, deprimida</description></item>
/// <item><term>1</term><description>awful, terrible, horrible, the worst, very bad, really bad, hopeless / muy mal, fatal, pesimo, horrible, terrible, fatal, lo peor</description></item>
/// </list>
/// The longest phrase found wins, so negations beat the word they negate ("not bad" is 3, "no muy bien" is 2).
/// </summary>
public static class MoodRecognizer
{
    private static readonly (string Phrase, int Mood)[] Table = Build(
        (5, ["great", "amazing", "awesome", "excellent", "wonderful", "fantastic", "very good", "really good", "super",
             "genial", "excelente", "increible", "muy bien", "super bien", "maravillosa", "maravilloso", "fenomenal"]),
        (4, ["good", "pretty good", "happy", "well", "better",
             "bien", "feliz", "contenta", "contento", "mejor", "tranquila", "tranquilo"]),
        (3, ["ok", "okay", "k", "meh", "so so", "fine", "alright", "not bad", "normal",
             "asi asi", "mas o menos", "masomenos", "regular", "ahi vamos", "no tan mal", "ni bien ni mal"]),
        (2, ["bad", "not good", "not great", "not ok", "not okay", "not well", "sad", "down", "low", "tired", "stressed",
             "anxious", "rough", "not so good",
             "mal", "triste", "cansada", "cansado", "no muy bien", "no tan bien", "no bien", "no estoy bien",
             "estresada", "ansiosa", "deprimida"]),
        (1, ["awful", "terrible", "horrible", "the worst", "worst", "very bad", "really bad", "hopeless",
             "muy mal", "fatal", "pesimo", "pesima", "lo peor", "fatal"]));

    /// <summary>The mood 1-5 a word answer means, or null.</summary>
    /// <param name="text">What she texted, as it arrived.</param>
    /// <param name="language">"en" or "es"; a hint only, both are accepted.</param>
    public static int? Recognize(string? text, string? language = null)
    {
        _ = language;
        var normalized = TextNormalizer.Normalize(text);
        if (normalized.Length == 0)
        {
            return null;
        }

        foreach (var (phrase, mood) in Table)
        {
            if (TextNormalizer.ContainsPhrase(normalized, phrase))
            {
                return mood;
            }
        }

        return null;
    }

    private static (string, int)[] Build(params (int Mood, string[] Phrases)[] groups)
        => [.. groups
            .SelectMany(g => g.Phrases.Select(p => (Phrase: TextNormalizer.Normalize(p), g.Mood)))
            .DistinctBy(e => e.Phrase)
            .OrderByDescending(e => e.Phrase.Length)];
}
