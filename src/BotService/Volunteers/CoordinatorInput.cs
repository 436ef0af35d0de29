using BotService.Privacy;

namespace BotService.Volunteers;

/// <summary>
/// What a coordinator types, checked once for both the /admin JSON API and the console: a volunteer's name, number and
/// languages, and a close's reason and outcome. Each check returns null or the sentence that says what is wrong.
/// </summary>
public static class CoordinatorInput
{
    public static string? CheckName(string? raw, out string name)
    {
        name = raw?.Trim() ?? "";
        return name.Length is 0 or > 40 ? "name is required (a first name or alias, at most 40 characters)." : null;
    }

    public static string? CheckPhone(string? raw, out string e164) =>
        PhoneNumber.TryNormalize(raw, out e164) ? null : "phone is not a phone number: expected E.164 like +15551234567, or a 10-digit North American number.";

    public static string? CheckLanguages(IEnumerable<string>? raw, out string[] languages)
    {
        languages = (raw ?? ["en"]).Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).Distinct().ToArray();
        return languages.Length == 0 || languages.Any(l => l.Length is < 2 or > 8 || !l.All(char.IsAsciiLetterLower))
            ? "languages must be language codes like [\"en\", \"es\"]." : null;
    }

    public static string? CheckReason(string? raw, out string reason)
    {
        reason = raw?.Trim() ?? "";
        return reason.Length is 0 or > 200 ? "reason is required (at most 200 characters; never her words or number)." : null;
    }

    /// <summary>safe, referred, emergency, noanswer or dismissed; empty means dismissed (a test or a duplicate).</summary>
    public static string? CheckOutcome(string? raw, out EscalationOutcome outcome)
    {
        outcome = string.IsNullOrWhiteSpace(raw) || raw.Trim().Equals("dismissed", StringComparison.OrdinalIgnoreCase)
            ? EscalationOutcome.Dismissed : VolunteerRouter.ParseOutcome(raw);
        return outcome == EscalationOutcome.None ? "outcome must be safe, referred, emergency, noanswer or dismissed." : null;
    }
}
