using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole;

/// <summary>
/// Counts wrong admin keys per client address: after <see cref="ConsoleOptions.MaxFailedKeys"/> within
/// <see cref="ConsoleOptions.Lockout"/>, that address may not try again until the lock-out ends, even with the right key.
/// In memory: a restart forgives, which costs a guesser a restart per handful of guesses.
/// </summary>
public sealed class KeySignInLockout(IOptions<ConsoleOptions> options, TimeProvider time)
{
    private readonly ConsoleOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Failures> _byAddress = new();

    private sealed record Failures(int Count, DateTimeOffset First, DateTimeOffset? LockedUntil);

    /// <summary>When the address may try again, or null when it may try now.</summary>
    public DateTimeOffset? LockedUntil(string address)
    {
        var now = time.GetUtcNow();
        if (!_byAddress.TryGetValue(address, out var f)) return null;
        if (f.LockedUntil > now) return f.LockedUntil;
        if (f.LockedUntil is not null || now - f.First >= _options.Lockout) _byAddress.TryRemove(KeyValuePair.Create(address, f));
        return null;
    }

    /// <summary>Counts one wrong key; returns when the address is locked out, if this one locked it.</summary>
    public DateTimeOffset? RecordFailure(string address)
    {
        var now = time.GetUtcNow();
        var updated = _byAddress.AddOrUpdate(address,
            _ => Lock(new Failures(1, now, null), now),
            (_, f) => Lock(f.LockedUntil is not null || now - f.First >= _options.Lockout ? new Failures(1, now, null) : f with { Count = f.Count + 1 }, now));
        return updated.LockedUntil;
    }

    public void RecordSuccess(string address) => _byAddress.TryRemove(address, out _);

    private Failures Lock(Failures f, DateTimeOffset now) =>
        f.Count >= _options.MaxFailedKeys ? f with { LockedUntil = now + _options.Lockout } : f;
}
