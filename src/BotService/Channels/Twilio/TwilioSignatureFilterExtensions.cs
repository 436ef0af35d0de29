namespace BotService.Channels.Twilio;

public static class TwilioSignatureFilterExtensions
{
    /// <summary>Only requests signed by Twilio reach the handler; others get 403 and the handler never runs.</summary>
    public static TBuilder RequireTwilioSignature<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, TwilioSignatureFilter>();
}
