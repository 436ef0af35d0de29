namespace BotService.Safety.CrisisDetection;

/// <summary>The crisis categories an example file may use, and the reply each one gets.</summary>
internal static class CrisisExampleCategories
{
    private static readonly Dictionary<string, CrisisCategory> Replies = new(StringComparer.Ordinal)
    {
        ["suicide"] = CrisisCategory.Suicide,
        ["suicide-plan"] = CrisisCategory.Suicide,
        ["farewell"] = CrisisCategory.Suicide,
        ["self-harm"] = CrisisCategory.SelfHarm,
        ["overdose-self"] = CrisisCategory.Overdose,
        ["overdose-other"] = CrisisCategory.OverdoseOther,
        ["violence"] = CrisisCategory.Violence,
        ["sexual-violence"] = CrisisCategory.SexualViolence,
    };

    internal static IEnumerable<string> Names => Replies.Keys;

    internal static bool IsKnown(string category) => Replies.ContainsKey(category);

    internal static CrisisCategory ReplyFor(string? category) =>
        category is not null && Replies.TryGetValue(category, out var reply) ? reply : CrisisCategory.Suicide;
}
