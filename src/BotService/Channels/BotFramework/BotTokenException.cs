using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace BotService.Channels.BotFramework;

/// <summary>Thrown when no app token can be had; the transport treats it as transient.</summary>
public sealed class BotTokenException(string message, Exception? inner = null) : Exception(message, inner);
