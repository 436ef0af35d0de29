using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

/// <summary>
/// The day after a volunteer closes a case, one gentle text: no question she has to answer, nothing that names the
/// crisis (someone else may read her phone). Sent by the escalation timers' tick; never in quiet hours, never to a
/// member who opted out, was silenced by her code word, or erased her data.
/// </summary>
public sealed partial class FollowUpScheduler(
    ITableStore tables,
    FieldEncryptor encryptor,
    ContentCatalog content,
    IOutbox outbox,
    IEnumerable<IOptOutLookup> optOuts,
    QuietHoursPolicy quietHours,
    IOptions<EscalationOptions> options,
    TimeProvider time,
    ILogger<FollowUpScheduler> logger) : IFollowUpScheduler, IMemberDataEraser
{
    private ITable<FollowUpRow> Table => tables.GetTable<FollowUpRow>(FollowUpRow.TableName);

    public async Task RequestFollowUpAsync(FollowUpRequest request, CancellationToken cancellationToken)
    {
        var due = OutOfQuietHours(request.DueAt);
        var row = new FollowUpRow
        {
            PartitionKey = FollowUpRow.Partition,
            RowKey = FollowUpRow.KeyOf(due, request.MemberKey),
            MemberKey = request.MemberKey,
            Channel = request.Channel,
            EncryptedAddress = encryptor.Encrypt(request.Address),
            Language = request.Language,
            DueAt = due,
        };
        await Table.UpsertAsync(row, cancellationToken);
    }

    /// <summary>Sends every follow-up that is due. The outbox dedupe key makes a crash between enqueue and delete harmless.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        var due = new RowKeyRange(null, FollowUpRow.KeyOf(now.AddTicks(1), ""));
        await foreach (var row in Table.QueryPartitionAllAsync(FollowUpRow.Partition, due, cancellationToken))
        {
            if (await ShouldSendAsync(row, now, cancellationToken) && encryptor.DecryptOptional(row.EncryptedAddress) is { } address)
            {
                await outbox.EnqueueAsync(new OutboundMessage(row.Channel, address, content.Text(row.Language, "escalation.member_followup"),
                    MessagePriority.Normal, $"followup:{row.RowKey}") { MemberKey = row.MemberKey }, cancellationToken);
                sent++;
            }
            await Table.DeleteAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }
        if (sent > 0) LogSent(logger, sent);
        return sent;
    }

    public async Task EraseAsync(string memberKey, CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryPartitionAllAsync(FollowUpRow.Partition, cancellationToken: cancellationToken))
            if (row.MemberKey == memberKey)
                await Table.DeleteAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken);
    }

    private async Task<bool> ShouldSendAsync(FollowUpRow row, DateTimeOffset now, CancellationToken ct)
    {
        // Opt-outs are the SMS channel's (STOP); her row holds the rest.
        foreach (var lookup in optOuts)
            if (await lookup.IsOptedOutAsync(row.MemberKey, ct)) return false;
        var profile = await tables.GetTable<MemberProfile>(MemberProfile.TableName).GetAsync(row.MemberKey, MemberProfile.ProfileRowKey, ct);
        // Silenced by her code word: someone may be reading her phone right now.
        return profile?.SilencedUntil is not { } silenced || silenced <= now;
    }

    /// <summary>Moves a due time that falls in quiet hours (in the line's time zone) to the first minute after them.</summary>
    private DateTimeOffset OutOfQuietHours(DateTimeOffset dueAt)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var candidate = dueAt;
        for (var i = 0; i < 24 * 4 && quietHours.IsQuiet(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(candidate, zone).DateTime), null); i++)
            candidate = candidate.AddMinutes(15);
        return candidate;
    }

    [LoggerMessage(EventId = 5150, Level = LogLevel.Information, Message = "Sent {Count} follow-up check-ins after closed escalations")]
    private static partial void LogSent(ILogger logger, int count);
}
