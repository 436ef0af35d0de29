using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Safety;
using BotService.Safety.CrisisDetection;
using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>
/// Opens or joins a member's one open escalation and pages volunteers. Crisis messages come from the safety check;
/// non-crisis peer requests (she asked, red-flag check-ins) come through <see cref="IPeerSupportQueue"/>.
/// </summary>
public sealed partial class EscalationService(
    EscalationStore store,
    EscalationPager pager,
    VolunteerDirectory volunteers,
    IOutbox outbox,
    ITableStore tables,
    MemberRepository members,
    FieldEncryptor encryptor,
    EscalationRateLimiter limiter,
    ContentCatalog content,
    TimeProvider time,
    ILogger<EscalationService> logger) : ICrisisEscalation, IPeerSupportQueue
{
    public Task<PeerAvailability> EscalateAsync(CrisisEscalationRequest request, CancellationToken cancellationToken)
    {
        var assessment = request.Assessment;
        return OpenOrJoinAsync(request.MemberKey, request.Channel, request.Address, request.Language,
            assessment.Severity, assessment.Category, request.Text, peerRequest: false, request.At, cancellationToken);
    }

    public async Task<bool> RequestPeerAsync(string memberKey, PeerRequestReason reason, CancellationToken cancellationToken)
    {
        var profile = await tables.GetTable<MemberProfile>(MemberProfile.TableName).GetAsync(memberKey, MemberProfile.ProfileRowKey, cancellationToken);
        var address = profile is null ? null : encryptor.DecryptOptional(profile.EncryptedAddress);
        if (profile is null || address is null) return false;
        LogPeerRequest(logger, reason);
        return await OpenOrJoinAsync(memberKey, profile.Channel, address, profile.Language, CrisisSeverity.Support, CrisisCategory.Support,
            text: null, peerRequest: true, time.GetUtcNow(), cancellationToken) != PeerAvailability.Unavailable;
    }

    public async Task<bool> RequestPeerAsync(string memberKey, string channel, string address, string language, PeerRequestReason reason, CancellationToken cancellationToken)
    {
        LogPeerRequest(logger, reason);
        return await OpenOrJoinAsync(memberKey, channel, address, language, CrisisSeverity.Support, CrisisCategory.Support,
            text: null, peerRequest: true, time.GetUtcNow(), cancellationToken) != PeerAvailability.Unavailable;
    }

    /// <summary>Whether a volunteer holds her case, was paged, or nobody could be reached.</summary>
    private async Task<PeerAvailability> OpenOrJoinAsync(string memberKey, string channel, string address, string language, CrisisSeverity severity,
        CrisisCategory category, string? text, bool peerRequest, DateTimeOffset at, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await store.MemberOpenCodeAsync(memberKey, ct);
            if (existing is not null)
            {
                var joined = await JoinAsync(existing, memberKey, severity, category, text, peerRequest, ct);
                if (joined is not null) return joined.Value;
                continue;
            }
            if (!limiter.TryOpen(memberKey))
            {
                // The same sender again and again (a made-up Web Chat id costs nothing): she still has the safety
                // reply, and is told honestly that no peer is being asked.
                LogThrottled(logger);
                return PeerAvailability.Unavailable;
            }

            var record = await store.InsertNewAsync(new EscalationRecord
            {
                Severity = severity,
                Category = category,
                PeerRequest = peerRequest,
                MemberKey = memberKey,
                Channel = channel,
                EncryptedAddress = encryptor.Encrypt(address),
                Language = language,
                Status = EscalationStatus.Open,
                OpenedAt = at,
                EncryptedText = encryptor.EncryptOptional(text),
            }, ct);
            // Her row says "look for a case" before the slot exists, so no turn of hers can see the slot without the flag
            // (her turns skip the index while it is clear) or commit on a row read before it.
            await members.FlagCaseAsync(memberKey, channel, at, ct);
            if (!await store.TryTakeMemberSlotAsync(memberKey, record.Code, ct))
            {
                // Two of her messages raced; the other one owns her escalation, so fold this one into it.
                await store.DeleteAsync(record.Code, ct);
                continue;
            }
            await store.AddOpenAsync(record.Code, ct);
            await store.AddEventAsync(record.Code, EscalationEventKind.Opened, at, null, $"{severity}/{category}", ct);
            LogOpened(logger, record.Code, severity, category);
            if (EscalationPager.PriorityOf(record) != MessagePriority.Imminent && !limiter.TryPageNow())
            {
                // Many new cases at once: this one waits for the timer's summary page instead of adding a text each.
                await store.AddEventAsync(record.Code, EscalationEventKind.Throttled, at, null, null, ct);
                return await pager.AnyoneAvailableAsync(ct) ? PeerAvailability.Paged : PeerAvailability.Unavailable;
            }
            var paged = await pager.PageAsync(record, matchLanguage: true, EscalationEventKind.Paged, ct);
            if (paged == 0)
            {
                await store.AddEventAsync(record.Code, EscalationEventKind.NobodyOnCall, at, null, null, ct);
                LogNobody(logger, record.Code);
            }
            return paged > 0 ? PeerAvailability.Paged : PeerAvailability.Unavailable;
        }
        throw new InvalidOperationException("Could not open or join the member's escalation.");
    }

    /// <summary>Null when the index pointed at a closed or missing escalation (the caller opens a new one).</summary>
    private async Task<PeerAvailability?> JoinAsync(string code, string memberKey, CrisisSeverity severity, CrisisCategory category, string? text, bool peerRequest, CancellationToken ct)
    {
        var before = await store.GetAsync(code, ct);
        if (before is null || before.Status == EscalationStatus.Closed)
        {
            await store.RemoveMemberSlotAsync(memberKey, ct);
            return null;
        }
        var raised = severity > before.Severity;
        var updated = await store.UpdateAsync(code, r =>
        {
            if (r.Status == EscalationStatus.Closed) return false;
            if (severity > r.Severity) { r.Severity = severity; r.Category = category; }
            // A crisis joining a plain peer request makes it a crisis.
            if (!peerRequest) r.PeerRequest = false;
            // The message that opened the case stays its context; a peer request gets the first crisis text.
            if (text is not null && r.EncryptedText is null) r.EncryptedText = encryptor.Encrypt(text);
            return true;
        }, ct);
        if (updated is null) return null;
        await store.AddEventAsync(code, EscalationEventKind.Joined, time.GetUtcNow(), null, raised ? $"raised to {updated.Severity}" : null, ct);

        if (updated.Status == EscalationStatus.Claimed)
        {
            // The safety reply ends her turn, so the relay never sees this message: her volunteer must, flagged urgent.
            var volunteer = updated.ClaimedBy is null ? null : await volunteers.GetAsync(updated.ClaimedBy, ct);
            if (volunteer is null) return PeerAvailability.Unavailable;
            if (text is not null && !(updated.MemberQuietUntil > time.GetUtcNow()))
            {
                var phone = volunteers.PhoneOf(volunteer);
                var parts = RelayText.Split(text, t => content.Text(volunteer.PreferredLanguage, "escalation.relay_urgent", ("code", updated.Code), ("text", t)));
                for (var i = 0; i < parts.Count; i++)
                    await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, phone, parts[i], MessagePriority.Imminent,
                        $"esc-join:{updated.Code}:{updated.ETag}:{i}") { CancelTag = OutboundMessage.ConcerningMember(memberKey) }, ct);
            }
            return PeerAvailability.WithVolunteer;
        }
        if (raised || updated.PageCount == 0)
            return await pager.PageAsync(updated, matchLanguage: updated.PageCount == 0, updated.PageCount == 0 ? EscalationEventKind.Paged : EscalationEventKind.Repaged, ct) > 0
                ? PeerAvailability.Paged : PeerAvailability.Unavailable;
        return await pager.AnyoneAvailableAsync(ct) ? PeerAvailability.Paged : PeerAvailability.Unavailable;
    }

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Escalation {Code} opened: {Severity}/{Category}")]
    private static partial void LogOpened(ILogger logger, string code, CrisisSeverity severity, CrisisCategory category);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Error, Message = "Escalation {Code}: no volunteer on call (or outside operating hours); it stays open for the next one")]
    private static partial void LogNobody(ILogger logger, string code);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Warning, Message = "New escalation refused: this sender opened too many cases this hour")]
    private static partial void LogThrottled(ILogger logger);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Information, Message = "Peer request ({Reason})")]
    private static partial void LogPeerRequest(ILogger logger, PeerRequestReason reason);
}
