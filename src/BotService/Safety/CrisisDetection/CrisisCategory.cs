namespace BotService.Safety.CrisisDetection;

/// <summary>What kind of help a flagged message points to; picks the safety reply and the volunteer's script.</summary>
public enum CrisisCategory
{
    None = 0,
    Suicide,
    SelfHarm,

    /// <summary>She took or used too much herself: the reply speaks to her (911, Poison Control).</summary>
    Overdose,

    /// <summary>Someone with her is overdosing: the reply speaks to a bystander (911, naloxone, stay with her).</summary>
    OverdoseOther,

    /// <summary>Domestic violence: threats, control, confinement, strangulation, harm now or disclosed.</summary>
    Violence,

    /// <summary>Rape or sexual assault, now or disclosed.</summary>
    SexualViolence,

    /// <summary>A medical emergency that is not clearly an overdose (seizure, can't breathe, 911).</summary>
    Medical,
    Distress,
    Relapse,
    Support,
}
