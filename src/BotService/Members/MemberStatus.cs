
namespace BotService.Members;

public enum MemberStatus
{
    /// <summary>Texted us; onboarding not finished. Nothing kept beyond this row and dialog state.</summary>
    Onboarding,
    /// <summary>Said yes to the minimal-data consent; gets check-ins.</summary>
    Active,
    /// <summary>Said no to consent: gets HELP and crisis information only; the row keeps no personal fields.</summary>
    Declined,
}
