using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Turns;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Sms;

/// <summary>
/// SMS compliance step of the turn pipeline: STOP-type keywords and plain requests to stop texting opt the number out
/// at once; START/UNSTOP (and YES, when she is opted out) opt back in; HELP/INFO describe the program.
/// The opt-out is kept in her member row (<see cref="MemberProfile.OptedOutAt"/>; a bare row for someone who has none),
/// keyed by a keyed hash of her number; one written before that, in the old <c>optouts</c> table, still holds.
/// </summary>
public sealed partial class OptOutHandler(MemberRepository members, KeyedHasher hasher, ContentCatalog content, IOptions<SmsOptions> options,
    TimeProvider time, ILogger<OptOutHandler> logger)
    : IOptOutGate, IOptOutLookup, IRecipientStatusSink
{

    /// <summary>The member key used by <see cref="IsOptedOutAsync"/> for an E.164 number.</summary>
    public string MemberKey(string e164) => hasher.PhoneKey(e164);

    /// <summary>
    /// The reply when the message was an opt-out, opt-in or help request (already acted on), else null so the
    /// dialogs see it. Only SMS messages are considered: the keywords are carrier rules.
    /// </summary>
    public async Task<TurnReply?> TryHandleAsync(InboundMessage message, string language, bool neutral, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var match = SmsKeywords.Match(message.Text);
        if (match.Keyword == SmsKeyword.None) return null;

        // Every channel: on Web Chat or Teams nothing like a carrier blocks our texts after STOP, so we must.
        var memberKey = MemberKeys.For(message, hasher);
        var replyLanguage = match.Language ?? language;
        switch (match.Keyword)
        {
            case SmsKeyword.OptOut:
                await OptOutAsync(memberKey, message.Channel, cancellationToken);
                LogOptedOut(logger, memberKey[..8], match.FreeText ? "request in words" : "keyword");
                return Reply(replyLanguage, "sms.opted_out");
            case SmsKeyword.OptInIfOptedOut when !await IsOptedOutAsync(memberKey, cancellationToken):
                return null;
            case SmsKeyword.OptIn or SmsKeyword.OptInIfOptedOut:
                await members.OptInAsync(memberKey, message.Channel, time.GetUtcNow(), cancellationToken);
                LogOptedIn(logger, memberKey[..8]);
                return Reply(replyLanguage, "sms.opted_in");
            case SmsKeyword.Help:
                // Someone else may be reading: in discreet mode or after her code word, HELP says nothing about recovery.
                return Reply(replyLanguage, neutral ? "sms.help_discreet" : "sms.help");
            default:
                return null;
        }
    }

    public bool MightHandle(InboundMessage message) => SmsKeywords.Match(message.Text).Keyword != SmsKeyword.None;

    /// <summary>True when this member key (see <see cref="MemberKey"/>) must not be texted.</summary>
    public Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken) => members.IsOptedOutAsync(memberKey, cancellationToken);

    private Task OptOutAsync(string memberKey, string channel, CancellationToken ct) => members.OptOutAsync(memberKey, channel, time.GetUtcNow(), ct);

    /// <summary>The carrier or Twilio says she sent STOP to the number (error 21610): honour it here too, so no
    /// dialog or schedule keeps trying.</summary>
    public Task RecipientOptedOutAsync(string channel, string recipientAddress, CancellationToken cancellationToken) =>
        channel == BotService.Messaging.ChannelNames.Sms && PhoneNumber.TryNormalize(recipientAddress, out var e164)
            ? OptOutAsync(MemberKey(e164), channel, cancellationToken)
            : Task.CompletedTask;

    /// <summary>An unreachable number is not an opt-out: she may text again from it once it works.</summary>
    public Task RecipientUnreachableAsync(string channel, string recipientAddress, string? errorCode, CancellationToken cancellationToken) => Task.CompletedTask;

    private TurnReply Reply(string language, string key)
    {
        if (!content.Languages.Contains(language)) language = ContentCatalog.DefaultLanguage;
        return new TurnReply([content.Text(language, key, ("program", options.Value.ProgramName))]);
    }

    [LoggerMessage(EventId = 7501, Level = LogLevel.Information, Message = "Member {MemberTag} opted out ({How}).")]
    private static partial void LogOptedOut(ILogger logger, string memberTag, string how);

    [LoggerMessage(EventId = 7502, Level = LogLevel.Information, Message = "Member {MemberTag} opted back in.")]
    private static partial void LogOptedIn(ILogger logger, string memberTag);
}
