namespace BotService.Escalation.CrisisDetection;

/// <summary>
/// How urgently a message needs a human. Values are ordered so callers can compare
/// (<c>severity &gt;= CrisisSeverity.High</c>) and so "highest match wins" is a plain max.
/// </summary>
public enum CrisisSeverity
{
    /// <summary>No crisis language found.</summary>
    None = 0,

    /// <summary>Relapse, cravings, struggling, or asking for a person.</summary>
    Support = 1,

    /// <summary>Hopelessness or wish to die without a stated plan; abuse disclosed but not happening now.</summary>
    High = 2,

    /// <summary>Intent, plan or method, an overdose or violence happening now.</summary>
    Imminent = 3,
}
