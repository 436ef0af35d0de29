using BotService.Storage;

namespace BotService.CoordinatorConsole;

/// <summary>
/// Table <c>consolelockout</c>: wrong admin keys from one client address, shared by every instance so a guesser
/// cannot spread her guesses over them. RowKey is a keyed hash of the address; the address itself is not stored.
/// </summary>
public sealed class KeySignInFailures : TableEntityBase
{
    public const string TableName = "consolelockout";
    public const string Partition = "lockout";

    public int Count { get; set; }

    /// <summary>When the first wrong key of this run was typed; runs older than the lock-out are forgotten.</summary>
    public DateTimeOffset First { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
