namespace BotService.Channels.BotFramework;

/// <summary>Why an inbound request was refused; logged instead of anything from the token itself.</summary>
public enum BotAuthFailure
{
    None,
    MissingToken,
    InvalidToken,
    UnknownSigningKey,
    ServiceUrlMismatch,
    ChannelNotEndorsed,
    MetadataUnavailable,
}
