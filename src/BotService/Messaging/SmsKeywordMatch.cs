namespace BotService.Messaging;

/// <summary>What a keyword or phrase means, and the language it was written in when that is evident.</summary>
public readonly record struct SmsKeywordMatch(SmsKeyword Keyword, string? Language, bool FreeText)
{
    public static readonly SmsKeywordMatch None = new(SmsKeyword.None, null, false);
}
