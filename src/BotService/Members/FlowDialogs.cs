using BotService.Dialogs;
using BotService.Dialogs.Recognizers;

namespace BotService.Members;

/// <summary>Dialog ids and the shared prompts. Built once; dialogs reach per-turn data through <see cref="FlowContext"/>.</summary>
public static class FlowDialogs
{
    public const string Onboarding = "onboarding";
    public const string CheckIn = "checkin";
    public const string Coping = "coping";
    public const string Menu = "menu";
    public const string SetTime = "settime";
    public const string Pause = "pause";
    public const string CodeWord = "codeword";
    public const string Language = "language";
    public const string Erase = "erase";

    public const string ChoiceId = "p_choice";
    public const string MoodId = "p_mood";
    public const string UrgeId = "p_urge";
    public const string NoteId = "p_note";
    public const string TimeId = "p_time";
    public const string DaysId = "p_days";
    public const string WordId = "p_word";

    /// <summary>Words that may never become a code word: carrier keywords and our own commands would stop working.</summary>
    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "stop", "stopall", "start", "unstop", "help", "info", "yes", "no", "unsubscribe", "cancel", "end", "quit", "parar", "alto",
        "cancelar", "baja", "ayuda", "si", "menu", "checkin", "cope", "peer", "talk", "pause", "resume", "skip", "saltar", "more", "mas",
        "english", "espanol", "idioma", "language", "hablar", "pausa", "seguir", "revoke", "optout", "arret",
    };

    /// <summary>The prompts every dialog shares; the turn pipeline adds them to its dialog set with the dialogs.</summary>
    public static IEnumerable<Dialog> Prompts() =>
    [
        new ChoicePrompt(ChoiceId) { Style = ListStyle.None },
        new NumberPrompt<int>(MoodId) { MinValue = 1, MaxValue = 5, AllowMoodWords = true },
        new NumberPrompt<int>(UrgeId) { MinValue = 0, MaxValue = 10 },
        new TextPrompt(NoteId),
        new TimePrompt(TimeId, ValidateTimeAsync),
        new NumberPrompt<int>(DaysId) { MinValue = 1, MaxValue = 30 },
        new TextPrompt(WordId, ValidateWordAsync),
    ];

    /// <summary>Prompt texts in her language (the prompt persists these; they are our words, not hers).</summary>
    public static PromptOptions Ask(FlowContext flow, string key, string? retryKey = null, string? helpKey = null, List<Choice>? choices = null,
        params (string Name, object? Value)[] values) => new()
    {
        Prompt = flow.T(key, values),
        RetryPrompt = retryKey is null ? null : flow.T(retryKey, values),
        HelpText = flow.T(helpKey ?? "common.gave_up", values),
        Choices = choices,
    };

    public static bool IsSkip(string? text) => TextNormalizer.Normalize(text) is "skip" or "saltar" or "omitir" or "no" or "nada" or "none" or "nothing" or "paso";

    // Quiet hours are the member's protection: a time inside them is refused with the reason, never silently moved.
    private static async Task<bool> ValidateTimeAsync(PromptValidatorContext<TimeOnly> context, CancellationToken ct)
    {
        if (!context.Recognized.Succeeded) return false;
        var flow = context.Context.Flow();
        var decision = flow.Services.QuietHours.IsAllowedCheckInTime(context.Recognized.Value, flow.Profile?.QuietHours);
        if (decision.Allowed) return true;
        await context.Context.SendActivityAsync(flow.T("common.time_quiet",
            ("quiet", flow.FormatTime(decision.LastAllowed.AddMinutes(1))), ("first", flow.FormatTime(decision.FirstAllowed)),
            ("last", flow.FormatTime(decision.LastAllowed))), ct);
        return false;
    }

    private static async Task<bool> ValidateWordAsync(PromptValidatorContext<string> context, CancellationToken ct)
    {
        if (!context.Recognized.Succeeded) return false;
        var word = GlobalCommands.NormalizeWord(context.Recognized.Value);
        if (IsSkip(word)) return true;
        if (word.Contains(' ') || word.Length is < 3 or > 20 || ReservedWords.Contains(word)
            || GlobalCommands.Parse(word).Kind != GlobalCommandKind.None)
        {
            await context.Context.SendActivityAsync(context.Context.Flow().T("settings.codeword_invalid"), ct);
            return false;
        }
        return true;
    }

    public static List<Choice> YesNo(FlowContext flow, string yesKey, string noKey) =>
    [
        new(flow.T(yesKey), "yes", "y", "si", "sí", "ok", "okay", "sure", "claro", "yeah", "yep", "dale", "bueno"),
        new(flow.T(noKey), "no", "n", "nope", "nah", "no thanks", "no gracias", "not now", "ahora no"),
    ];
}
