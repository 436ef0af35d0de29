namespace BotService.Tests.Channels.Twilio;

/// <summary>What <see cref="TwilioStandIn"/> answers to one request.</summary>
public enum StandInReply { Accept, TooManyRequests, ServerError, OptedOut, InvalidNumber, NotMobile, CarrierFiltered, Hang, Scripted }
