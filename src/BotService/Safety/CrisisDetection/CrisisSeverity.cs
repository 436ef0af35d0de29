namespace BotService.Safety.CrisisDetection;

/// <summary>
/// How urgently a message needs a human. Values are ordered so callers can compare
/// (<c>severity &gt;= CrisisSeverity.High</c>) and so "highest match wins" is a plain max.
/// Stored by name, so a new level can sit between two others without touching stored rows.
/// </summary>
public enum CrisisSeverity
{
    /// <summary>No crisis language found.</summary>
    None = 0,

    /// <summary>Relapse, cravings, struggling: a supportive reply that offers a peer; nobody is paged.</summary>
    Support = 1,

    /// <summary>A worrying but uncertain signal: the crisis lines in the same turn; nobody is paged.</summary>
    Concern = 2,

    /// <summary>Wish to die or hopelessness without a stated plan; abuse or assault disclosed: crisis lines and a page.</summary>
    High = 3,

    /// <summary>Intent, plan or means; an overdose or violence happening now; a farewell: crisis lines and an urgent page.</summary>
    Imminent = 4,
}
