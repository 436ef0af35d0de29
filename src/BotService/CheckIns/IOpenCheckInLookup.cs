using BotService.Members;

namespace BotService.CheckIns;

/// <summary>Today's unanswered scheduled check-in, from the scheduler's ledger. An interface because the flow tests
/// script open prompts through it.</summary>
public interface IOpenCheckInLookup
{
    /// <summary>Her local date (yyyy-MM-dd) of an open prompt, or null.</summary>
    Task<string?> GetOpenPromptDateAsync(string memberKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records her answer and applies it to <paramref name="profile"/>: call before her row is saved.</summary>
    Task MarkAnsweredAsync(MemberProfile profile, string localDate, CancellationToken cancellationToken);
}
