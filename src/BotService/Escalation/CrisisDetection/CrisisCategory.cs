namespace BotService.Escalation.CrisisDetection;

/// <summary>What kind of help a flagged message points to; routes the page to the right volunteer script.</summary>
public enum CrisisCategory
{
    None = 0,
    Suicide,
    SelfHarm,
    Overdose,
    Violence,
    Distress,
    Relapse,
    Support,
}
