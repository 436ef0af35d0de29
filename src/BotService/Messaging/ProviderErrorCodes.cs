namespace BotService.Messaging;

/// <summary>What a provider's error code says about the recipient. Status callbacks report only the code, so the outbox
/// reads it here as well as the sender.</summary>
public static class ProviderErrorCodes
{
    /// <summary>The recipient-level meaning of a Twilio error code, or null for "just a failure".</summary>
    public static SendOutcomeKind? Classify(int code) => code switch
    {
        21610 => SendOutcomeKind.RecipientOptedOut,
        // 21211: not a valid number; 21614: a number that cannot receive SMS (a landline); 30005/30006: unknown or landline at delivery.
        21211 or 21614 or 30005 or 30006 => SendOutcomeKind.RecipientUnreachable,
        _ => null,
    };
}
