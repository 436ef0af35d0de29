namespace BotService.Messaging;

public enum SmsEncoding
{
    /// <summary>GSM 03.38 default alphabet: 7-bit septets, 160 per single message, 153 per part.</summary>
    Gsm7,
    /// <summary>Anything else: UTF-16 code units, 70 per single message, 67 per part.</summary>
    Ucs2,
}
