namespace BotService.Escalation.CrisisDetection;

/// <summary>What kind of help a flagged message points to; routes the page to the right volunteer script.</summary>
public enum CrisisCategory
{
    None = 0,
    Suicide,
    SelfHarm,
    Overdose,
    Violence,

    /// <summary>A medical emergency that is not clearly an overdose (seizure, can't breathe, 911).</summary>
    Medical,
    Distress,
    Relapse,
    Support,
}
