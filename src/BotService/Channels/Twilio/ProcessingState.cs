using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Twilio;

public enum ProcessingState { Processing, Done }
