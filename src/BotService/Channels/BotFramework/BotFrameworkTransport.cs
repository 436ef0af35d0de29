using BotService.Messaging;

namespace BotService.Channels.BotFramework;

/// <summary>
/// Delivers outbox messages on the "botframework" channel: finds her stored conversation reference and posts the
/// text to its connector, as a reply when the address names the activity it answers, otherwise proactively.
/// </summary>
public sealed partial class BotFrameworkTransport(
    ConversationReferenceStore references,
    BotConnectorClient connector,
    BotFrameworkAuthenticator authenticator,
    ILogger<BotFrameworkTransport> logger) : IMessageTransport
{
    public string Channel => ChannelNames.BotFramework;

    public async Task<SendOutcome> SendAsync(string recipientAddress, string body, string outboxMessageId, CancellationToken cancellationToken)
    {
        var address = BotFrameworkAddress.Parse(recipientAddress, references.MemberKeyOfAddress);
        var reference = await references.GetAsync(address.MemberKey, cancellationToken);
        if (reference is null)
        {
            // She has never written from a Bot Framework channel we can reach (or the row was erased with her data).
            LogNoReference(logger, outboxMessageId);
            return new SendOutcome(SendOutcomeKind.RecipientUnreachable, ErrorCode: "no-conversation-reference");
        }
        if (reference.Unauthenticated && !authenticator.AuthDisabled)
        {
            // Stored while the emulator mode was on; its service URL was never vouched for by a channel token.
            LogUnauthenticatedReference(logger, outboxMessageId);
            return new SendOutcome(SendOutcomeKind.Failed, ErrorCode: "unauthenticated-reference");
        }

        var activity = new BotFrameworkActivity
        {
            Type = ActivityTypeNames.Message,
            ChannelId = reference.ChannelId,
            ServiceUrl = reference.ServiceUrl.AbsoluteUri,
            From = new ChannelAccount { Id = reference.BotId, Role = "bot" },
            Recipient = new ChannelAccount { Id = reference.UserId, Role = "user" },
            Conversation = new ConversationAccount { Id = reference.ConversationId },
            ReplyToId = address.ReplyToId,
            Text = body,
            TextFormat = "plain",
            SuggestedActions = SuggestedActionsParser.Parse(body),
        };
        return await connector.SendAsync(reference, activity, address.ReplyToId, cancellationToken);
    }

    [LoggerMessage(EventId = 8014, Level = LogLevel.Warning, Message = "No Bot Framework conversation reference for outbox message {OutboxMessageId}.")]
    private static partial void LogNoReference(ILogger logger, string outboxMessageId);

    [LoggerMessage(EventId = 8015, Level = LogLevel.Warning, Message = "Refused an unauthenticated conversation reference for outbox message {OutboxMessageId}.")]
    private static partial void LogUnauthenticatedReference(ILogger logger, string outboxMessageId);
}
