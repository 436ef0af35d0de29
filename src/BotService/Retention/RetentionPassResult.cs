namespace BotService.Retention;

/// <summary>What one pass deleted, and whether each table's scan reached its end (false: more next pass).</summary>
public sealed record RetentionPassResult(int OutboxMessages, int OutboxMarkers, int SidIndexRows, int LedgerRows, int ClosedEscalations,
    bool OutboxScanComplete, bool LedgerScanComplete, bool EscalationScanComplete)
{
    public int Total => OutboxMessages + OutboxMarkers + SidIndexRows + LedgerRows + ClosedEscalations;
}
