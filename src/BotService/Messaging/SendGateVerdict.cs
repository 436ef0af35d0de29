namespace BotService.Messaging;

public enum SendGateVerdict
{
    Send,
    /// <summary>Must never be sent (she opted out or went quiet): the message is dropped, its body and recipient wiped.</summary>
    Withhold,
    /// <summary>Not now (her quiet hours): sent at <see cref="SendGateDecision.NotBefore"/>, when it is checked again.</summary>
    Defer,
}
