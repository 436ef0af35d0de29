namespace BotService.Members;

/// <summary>What onboarding remembers between her answers: choices and a hash, never her words.</summary>
public sealed class OnboardingState
{
    public string? Language { get; set; }
    public int? CheckInMinute { get; set; }
    public string? SuggestedZone { get; set; }
    public string? Zone { get; set; }
    public bool Discreet { get; set; }
}
