namespace BotService.Channels.Twilio;

/// <summary>How a call to Twilio ended when no HTTP answer came back.</summary>
public enum TwilioTransportFailure { None, Timeout, Connection }
