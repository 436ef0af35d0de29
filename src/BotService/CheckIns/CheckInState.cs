namespace BotService.CheckIns;

/// <summary>A check-in in progress. <see cref="Mood"/> may arrive pre-filled from her reply to the scheduled prompt.</summary>
public sealed class CheckInState
{
    public int? Mood { get; set; }
    public int? Urge { get; set; }
    /// <summary>The scheduler ledger date she is answering, when this check-in answers a scheduled prompt.</summary>
    public string? LedgerDate { get; set; }
}
