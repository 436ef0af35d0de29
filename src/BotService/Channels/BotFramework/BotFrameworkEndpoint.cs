using System.Text.Json;
using BotService.Messaging;
using BotService.Turns;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace BotService.Channels.BotFramework;

/// <summary>
/// <c>POST /api/messages</c>: the channel service posts activities here. We authenticate, remember how to reach the
/// member, run her turn and put the replies in the outbox; the dispatcher delivers them through the connector, so the
/// channel gets its 200 without waiting for delivery.
/// </summary>
internal static partial class BotFrameworkEndpoint
{
    // Activities are small; a cap keeps an unauthenticated caller from making us buffer megabytes before the 401.
    private const long MaxBodyBytes = 256 * 1024;

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        [FromServices] BotFrameworkAuthenticator authenticator,
        [FromServices] ConversationReferenceStore references,
        [FromServices] TimeProvider time,
        [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(BotFrameworkEndpoint).FullName!);
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authenticator.AuthDisabled && string.IsNullOrEmpty(authorization))
            return Results.Unauthorized();

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;
        BotFrameworkActivity? activity;
        try { activity = await JsonSerializer.DeserializeAsync<BotFrameworkActivity>(http.Request.Body, BotFrameworkJson.Options, cancellationToken); }
        catch (JsonException) { return Results.BadRequest(); }
        catch (BadHttpRequestException) { return Results.BadRequest(); }
        if (activity is null || string.IsNullOrEmpty(activity.Type)) return Results.BadRequest();

        var failure = await authenticator.ValidateAsync(authorization, activity, cancellationToken);
        if (failure != BotAuthFailure.None) return Results.Unauthorized();

        if (activity.Type != ActivityTypeNames.Message && activity.Type != ActivityTypeNames.ConversationUpdate)
            return Results.Ok();
        if (!TryServiceUrl(activity.ServiceUrl, out var serviceUrl) || string.IsNullOrEmpty(activity.ChannelId)
            || string.IsNullOrEmpty(activity.Conversation?.Id))
            return Results.BadRequest();
        if (activity.Conversation.IsGroup == true)
        {
            // Recovery is private: a reply or a later check-in in a group chat would out her to everyone in it.
            LogGroupIgnored(logger, activity.Type);
            return Results.Ok();
        }

        // Resolved only now, after authentication: the turn pipeline and the outbox belong to other features, and a
        // host without them must still refuse strangers with 401 rather than fail every request.
        var turns = http.RequestServices.GetRequiredService<ITurnHandler>();
        var outbox = http.RequestServices.GetRequiredService<IOutbox>();
        var turn = new Turn(activity, serviceUrl, authenticator.AuthDisabled, references, turns, outbox, time);
        if (activity.Type == ActivityTypeNames.Message)
        {
            if (string.IsNullOrEmpty(activity.From?.Id)) return Results.BadRequest();
            await turn.RunAsync(activity.From.Id, activity.Text ?? "", activity.Id ?? Guid.NewGuid().ToString("n"), cancellationToken);
            return Results.Ok();
        }

        // conversationUpdate: greet each person who joined (not the bot itself, which is also "added"). The empty turn
        // lets the pipeline start onboarding for someone it does not know.
        var botId = activity.Recipient?.Id;
        var index = 0;
        foreach (var member in activity.MembersAdded ?? [])
        {
            index++;
            if (string.IsNullOrEmpty(member.Id) || member.Id == botId) continue;
            await turn.RunAsync(member.Id, "", $"{activity.Id ?? Guid.NewGuid().ToString("n")}:added:{index}", cancellationToken);
        }
        return Results.Ok();
    }

    private static bool TryServiceUrl(string? value, out Uri serviceUrl)
    {
        serviceUrl = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)) return false;
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return false;
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)) return false;
        serviceUrl = uri;
        return true;
    }

    private sealed class Turn(BotFrameworkActivity activity, Uri serviceUrl, bool unauthenticated,
        ConversationReferenceStore references, ITurnHandler turns, IOutbox outbox, TimeProvider time)
    {
        public async Task RunAsync(string userId, string text, string messageId, CancellationToken cancellationToken)
        {
            var channelId = activity.ChannelId!;
            var memberKey = references.MemberKey(channelId, userId);
            var now = time.GetUtcNow();
            // Saved before the turn runs: anything the pipeline enqueues for her during the turn (a crisis follow-up)
            // must already find where to send it.
            await references.SaveAsync(memberKey, new ConversationReference(channelId, serviceUrl, activity.Conversation!.Id!,
                activity.Recipient?.Id ?? "", userId, unauthenticated), now, cancellationToken);

            var reply = await turns.HandleTurnAsync(
                new InboundMessage(ChannelNames.BotFramework, channelId + ":" + userId, text, messageId, now), cancellationToken);

            var address = new BotFrameworkAddress(memberKey, activity.Id).ToString();
            // The dedupe key is derived from the activity, not its text: the channel re-posts an activity it did not
            // see acknowledged, and the second turn must not send her everything twice.
            var dedupeBase = "bf:" + references.DedupeBase(memberKey, messageId);
            for (var i = 0; i < reply.Messages.Count; i++)
            {
                await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.BotFramework, address, reply.Messages[i],
                    MessagePriority.Normal, dedupeBase + ":" + i) { MemberKey = memberKey, IsTurnReply = true }, cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "Ignored a Bot Framework {Type} activity from a group conversation.")]
    private static partial void LogGroupIgnored(ILogger logger, string type);
}
