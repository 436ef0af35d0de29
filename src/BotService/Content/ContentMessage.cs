namespace BotService.Content;

/// <summary>One thing the bot can say, as a coordinator wrote it in dialogs/&lt;lang&gt;/&lt;file&gt;.yaml.</summary>
public sealed record ContentMessage(string Language, string Key, string Text, int SegmentBudget, bool Proactive, string SourceFile)
{
    /// <summary>The {placeholder} names in the text.</summary>
    public IReadOnlySet<string> Placeholders { get; } =
        ContentCatalog.PlaceholderPattern().Matches(Text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
}
