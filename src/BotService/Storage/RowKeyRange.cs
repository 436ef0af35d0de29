namespace BotService.Storage;

/// <summary>A RowKey interval: <see cref="From"/> inclusive, <see cref="To"/> exclusive; either may be null.</summary>
public sealed record RowKeyRange(string? From, string? To)
{
    /// <summary>Every RowKey that starts with <paramref name="prefix"/>.</summary>
    public static RowKeyRange Prefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var last = prefix[^1];
        return new RowKeyRange(prefix, prefix[..^1] + (char)(last + 1));
    }
}
