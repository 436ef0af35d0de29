using BotService.Members;
using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>
/// The per-member, per-local-day record of check-ins (table <c>checkinledger</c>): what the scheduler claimed and
/// sent, and whether she answered. The dialogs use <see cref="GetOpenPromptAsync"/> and <see cref="MarkAnsweredAsync"/>.
/// </summary>
public sealed class CheckInLedger(ITableStore store, MemberRepository members, TimeProvider time)
{
    private readonly ITable<CheckInLedgerRow> _table = store.GetTable<CheckInLedgerRow>(CheckInLedgerRow.TableName);

    internal ITable<CheckInLedgerRow> Table => _table;

    /// <summary>The daily totals for line health: the scheduler counts a message sent, <see cref="MarkAnsweredAsync"/> an answer.</summary>
    public CheckInStats Stats { get; } = new(store);

    private readonly ITable<CheckInLedgerDateRow> _dates = store.GetTable<CheckInLedgerDateRow>(CheckInLedgerDateRow.TableName);

    /// <summary>Records that she has a ledger row for <paramref name="localDate"/> (retention finds old rows by date).
    /// Call before inserting the row; idempotent.</summary>
    public Task IndexDayAsync(string memberKey, string localDate, CancellationToken cancellationToken = default) =>
        _dates.UpsertAsync(new CheckInLedgerDateRow { PartitionKey = localDate, RowKey = memberKey }, cancellationToken);

    public Task<CheckInLedgerRow?> GetAsync(string memberKey, string localDate, CancellationToken cancellationToken = default) =>
        _table.GetAsync(memberKey, localDate, cancellationToken);

    /// <summary>Today's prompt (her local date at <paramref name="now"/>) when it was sent and not answered; else null.
    /// A prompt from yesterday does not count: a reply after her local midnight is an ordinary message.</summary>
    public async Task<OpenCheckIn?> GetOpenPromptAsync(string memberKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var profile = await members.GetAsync(memberKey, cancellationToken);
        var zone = CheckInClock.FindZone(profile?.TimeZone);
        if (zone is null) return null;
        var today = CheckInClock.DateKey(CheckInClock.LocalDate(zone, now));
        var row = await _table.GetAsync(memberKey, today, cancellationToken);
        return row is { Open: true }
            ? new OpenCheckIn(memberKey, today, row.PromptSentAt!.Value, row.ReminderSentAt is not null, row.Kind == CheckInLedgerRow.KindSilence)
            : null;
    }

    /// <summary>Records her answer for <paramref name="localDate"/> (yyyy-MM-dd). Idempotent; ETag-guarded so a
    /// concurrent scheduler write (reminder) is never overwritten.</summary>
    public async Task<CheckInAnswerResult> MarkAnsweredAsync(string memberKey, string localDate, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await _table.GetAsync(memberKey, localDate, cancellationToken);
            if (row is not { Prompted: true }) return new CheckInAnswerResult(CheckInAnswerOutcome.NotPrompted, localDate, row?.MissedBefore ?? 0);
            if (row.AnsweredAt is not null) return new CheckInAnswerResult(CheckInAnswerOutcome.AlreadyAnswered, localDate, row.MissedBefore);
            row.AnsweredAt = time.GetUtcNow();
            try
            {
                await _table.ReplaceAsync(row, row.ETag, cancellationToken);
                // Only the write that recorded the answer counts it: a retried turn finds it answered and does not.
                await Stats.CountAnswerAsync(localDate, cancellationToken);
                return new CheckInAnswerResult(CheckInAnswerOutcome.Recorded, localDate, row.MissedBefore);
            }
            catch (EntityConcurrencyException) when (attempt < 5)
            {
                // The scheduler touched the row (reminder sent); read again and retry.
            }
        }
    }
}
