using BotService.Members;

namespace BotService.CheckIns;

/// <summary>Today's unanswered scheduled check-in, from the scheduler's ledger.</summary>
public interface IOpenCheckInLookup
{
    /// <summary>Her local date (yyyy-MM-dd) of an open prompt, or null.</summary>
    Task<string?> GetOpenPromptDateAsync(string memberKey, DateTimeOffset now, CancellationToken cancellationToken);

    Task MarkAnsweredAsync(MemberProfile profile, string localDate, CancellationToken cancellationToken);
}
