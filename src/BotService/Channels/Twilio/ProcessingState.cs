namespace BotService.Channels.Twilio;

public enum ProcessingState { Processing, Done }
