using System.Globalization;
using BotService.Content;
using BotService.Messaging;
using BotService.Volunteers;
using Microsoft.Extensions.Options;

namespace BotService.CheckIns;

/// <summary>
/// Tells the coordinator that more check-ins fell due in one minute than the senders carry (so some are sent a few
/// minutes late): a warning in the log and a metric for every such minute, and at most one text a UTC day to
/// <c>Escalation:CoordinatorPhone</c> when it is set. The text's dedupe key is the day, so several instances (or a
/// restart) still send it once. Counts and minutes only: no member is named.
/// </summary>
public sealed partial class CheckInCapacityAlert(IOptions<EscalationOptions> escalation, ContentCatalog content, TimeProvider time,
    ILogger<CheckInCapacityAlert> logger, LineSettingsStore? lineSettings = null)
{
    public const string ContentKey = "escalation.coordinator_checkin_capacity";

    private string? _textedDay;

    public static string DedupeKey(string utcDay) => $"checkin-capacity:{utcDay}";

    /// <param name="outbox">Where the coordinator's text goes.</param>
    /// <param name="bucket">The over-full minute "yyyyMMddHHmm" (UTC).</param>
    /// <param name="due">Members due in it.</param>
    /// <param name="capacity">Prompts the senders can take in one minute.</param>
    /// <param name="moved">Moved on to later minutes.</param>
    /// <param name="sentOver">Sent anyway beyond the capacity, because a later minute would have been in her quiet hours.</param>
    /// <param name="cancellationToken">Stops the write and the text.</param>
    public async Task OverCapacityAsync(IOutbox outbox, string bucket, int due, int capacity, int moved, int sentOver, CancellationToken cancellationToken)
    {
        SchedulerMetrics.OverfullMinutes.Add(1);
        if (moved > 0) SchedulerMetrics.Deferred.Add(moved);
        if (sentOver > 0) SchedulerMetrics.SentOverCapacity.Add(sentOver);
        LogOverCapacity(bucket, due, capacity, moved, sentOver);

        // The console may have changed the number since start; without the store (a bare scheduler) the host setting counts.
        var phone = lineSettings is not null ? (await lineSettings.CurrentAsync(cancellationToken)).CoordinatorPhone : escalation.Value.CoordinatorPhone;
        if (string.IsNullOrWhiteSpace(phone)) return;
        var day = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (_textedDay == day) return;
        var minute = CheckInClock.BucketStart(bucket).UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        var body = content.Text("en", ContentKey, ("due", due), ("minute", minute), ("capacity", capacity));
        await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, Privacy.PhoneNumber.Normalize(phone), body, MessagePriority.Normal, DedupeKey(day)),
            cancellationToken);
        _textedDay = day;
    }

    [LoggerMessage(EventId = 4130, Level = LogLevel.Warning, Message = "Check-ins due at {Bucket} UTC: {Due} exceed what the senders carry ({Capacity} a minute); {Moved} moved to later minutes, {SentOver} sent over capacity to stay out of quiet hours")]
    private partial void LogOverCapacity(string bucket, int due, int capacity, int moved, int sentOver);
}
