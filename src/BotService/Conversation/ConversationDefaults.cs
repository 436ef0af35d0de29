using BotService.Members;
using Microsoft.Extensions.Options;

namespace BotService.Conversation;

/// <summary>Until escalation lands: nobody is a volunteer and no relay is open.</summary>
internal sealed class NoVolunteerRouter : IVolunteerRouter
{
    public Task<TurnReply?> TryHandleVolunteerAsync(InboundMessage message, CancellationToken lookupBudget, CancellationToken cancellationToken) =>
        Task.FromResult<TurnReply?>(null);

    public Task<TurnReply?> TryRelayFromMemberAsync(InboundMessage message, string memberKey, string language, CancellationToken cancellationToken) =>
        Task.FromResult<TurnReply?>(null);

    public Task<bool> HasOpenCaseAsync(string memberKey, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task MemberWentQuietAsync(string memberKey, DateTimeOffset until, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Until escalation lands: the request is logged (member tag and reason only) so nothing is silently lost.</summary>
internal sealed class LoggingPeerSupportQueue(ILogger<LoggingPeerSupportQueue> logger) : IPeerSupportQueue
{
    public Task<bool> RequestPeerAsync(string memberKey, PeerRequestReason reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Peer support requested for member {MemberTag} ({Reason}) but no volunteer queue is registered.", memberKey[..8], reason);
        return Task.FromResult(false);
    }
}

/// <summary>Non-SMS channels and hosts without the SMS layer: no carrier keywords, nobody opted out.</summary>
internal sealed class NoOptOutGate : IOptOutGate
{
    public Task<TurnReply?> TryHandleAsync(InboundMessage message, string language, bool neutral, CancellationToken cancellationToken) => Task.FromResult<TurnReply?>(null);

    public Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>Until the scheduler lands there is no ledger, so no prompt is ever open.</summary>
internal sealed class NoOpenCheckIns : IOpenCheckInLookup
{
    public Task<string?> GetOpenPromptDateAsync(string memberKey, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task MarkAnsweredAsync(MemberProfile profile, string localDate, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Quiet hours from <c>CheckIns:QuietHours</c> ("21:00-08:00", may wrap midnight). Used until the scheduler's
/// QuietHoursPolicy is registered; a value that does not parse falls back to the legal 21:00-08:00 window.
/// </summary>
internal sealed class DefaultCheckInTimePolicy(IOptions<ConversationOptions> options) : ICheckInTimePolicy
{
    public CheckInTimeDecision Check(TimeOnly time, string? memberQuietHours)
    {
        var (start, end) = Parse(memberQuietHours) ?? Parse(options.Value.QuietHours) ?? (new TimeOnly(21, 0), new TimeOnly(8, 0));
        var quiet = end <= start ? time >= start || time < end : time >= start && time < end;
        return new CheckInTimeDecision(!quiet, end, start.AddMinutes(-1));
    }

    private static (TimeOnly, TimeOnly)? Parse(string? value)
    {
        var parts = value?.Split('-', 2);
        return parts is { Length: 2 } && TimeOnly.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var s)
               && TimeOnly.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var e) && s != e
            ? (s, e) : null;
    }
}
