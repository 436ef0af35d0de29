using BotService.Conversation;
using BotService.Members;
using BotService.Storage;

namespace BotService.Scheduling;

/// <summary>The conversation layer's view of the ledger: today's open prompt, and recording her answer.</summary>
internal sealed class LedgerOpenCheckInLookup(CheckInLedger ledger) : IOpenCheckInLookup
{
    public async Task<string?> GetOpenPromptDateAsync(string memberKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await ledger.GetOpenPromptAsync(memberKey, now, cancellationToken))?.LocalDate;

    /// <summary>Records the answer and resets her missed counter on the profile the turn is about to save.</summary>
    public async Task MarkAnsweredAsync(MemberProfile profile, string localDate, CancellationToken cancellationToken) =>
        (await ledger.MarkAnsweredAsync(profile.MemberKey, localDate, cancellationToken)).ApplyTo(profile);
}

/// <summary>The onboarding dialog's check-in time rule, from <see cref="QuietHoursPolicy"/>.</summary>
internal sealed class QuietHoursCheckInTimePolicy(QuietHoursPolicy policy) : ICheckInTimePolicy
{
    public CheckInTimeDecision Check(TimeOnly time, string? memberQuietHours)
    {
        var check = policy.IsAllowedCheckInTime(time, memberQuietHours);
        return new CheckInTimeDecision(check.Allowed, check.FirstAllowed, check.LastAllowed);
    }
}

/// <summary>DELETE MY DATA: her check-in ledger rows (and their date-index rows) and her due-index entry.</summary>
internal sealed class CheckInDataEraser(ITableStore store, CheckInIndex index) : IMemberDataEraser
{
    private readonly ITable<CheckInLedgerRow> _ledger = store.GetTable<CheckInLedgerRow>(CheckInLedgerRow.TableName);
    private readonly ITable<CheckInLedgerDateRow> _dates = store.GetTable<CheckInLedgerDateRow>(CheckInLedgerDateRow.TableName);

    public async Task EraseAsync(string memberKey, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var row in _ledger.QueryPartitionAllAsync(memberKey, cancellationToken: cancellationToken)) keys.Add(row.RowKey);
        foreach (var rowKey in keys)
        {
            await _ledger.DeleteAsync(memberKey, rowKey, cancellationToken: cancellationToken);
            await _dates.DeleteAsync(rowKey, memberKey, cancellationToken: cancellationToken);
        }
        await index.RemoveAsync(memberKey, cancellationToken);
    }
}
