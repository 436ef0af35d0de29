using BotService.Privacy;
using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

/// <summary>
/// The line's operating hours and coordinator number: the host settings (<c>Escalation:OperatingHours</c>,
/// <c>Escalation:CoordinatorPhone</c>) until the coordinator changes them in the console. Every instance reads the row
/// at most every few seconds, so a change reaches the whole line within <see cref="RefreshEvery"/>.
/// </summary>
public sealed class LineSettingsStore(ITableStore store, FieldEncryptor encryptor, IOptions<EscalationOptions> options, TimeProvider time)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    private readonly ITable<LineSettingsRow> _table = store.GetTable<LineSettingsRow>(LineSettingsRow.TableName);
    // One reference, swapped whole: turns on several threads read it while another refreshes it.
    private volatile Snapshot? _cached;

    private sealed record Snapshot(LineSettings Settings, DateTimeOffset ReadAt);

    /// <summary>The settings as of at most <see cref="RefreshEvery"/> ago. A storage fault falls back to the last known
    /// settings (or the host's), so paging never stops for it.</summary>
    public async Task<LineSettings> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cached is { } cached && now - cached.ReadAt < RefreshEvery) return cached.Settings;
        LineSettingsRow? row;
        try
        {
            row = await _table.GetAsync(LineSettingsRow.Key, LineSettingsRow.Key, cancellationToken);
        }
        catch (Exception ex) when (ex is TableStorageException or HttpRequestException or Azure.RequestFailedException or TimeoutException)
        {
            return _cached?.Settings ?? Compose(null);
        }
        var settings = Compose(row);
        _cached = new Snapshot(settings, now);
        return settings;
    }

    /// <summary>Changes the hours and the number; null for either leaves it as it is, an empty number clears it. Returns
    /// an error for the coordinator, or null when saved.</summary>
    public async Task<string?> SaveAsync(string? hours, string? coordinatorPhone, CancellationToken cancellationToken)
    {
        if (hours is not null && !OperatingHours.TryParse(hours, out _)) return "Operating hours look like 08:00-22:00 (00:00-24:00 for always).";
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(coordinatorPhone))
        {
            if (!PhoneNumber.TryNormalize(coordinatorPhone, out var normalized)) return "The coordinator's number must be a phone number such as +15551234567.";
            phone = normalized;
        }
        var row = await _table.GetAsync(LineSettingsRow.Key, LineSettingsRow.Key, cancellationToken)
            ?? new LineSettingsRow { PartitionKey = LineSettingsRow.Key, RowKey = LineSettingsRow.Key };
        if (hours is not null) row.OperatingHours = hours.Trim();
        if (coordinatorPhone is not null)
        {
            row.CoordinatorPhoneCipher = phone is null ? null : encryptor.Encrypt(phone);
            row.CoordinatorCleared = phone is null ? true : null;
        }
        row.UpdatedAt = time.GetUtcNow();
        await _table.UpsertAsync(row, cancellationToken);
        _cached = new Snapshot(Compose(row), time.GetUtcNow());
        return null;
    }

    private LineSettings Compose(LineSettingsRow? row)
    {
        var hoursText = row?.OperatingHours ?? options.Value.OperatingHours;
        var hours = OperatingHours.TryParse(hoursText, out var parsed) ? parsed : new OperatingHours(0, 24 * 60);
        string? phone = null;
        if (row?.CoordinatorPhoneCipher is { } cipher)
        {
            try { phone = encryptor.Decrypt(cipher); }
            catch (System.Security.Cryptography.CryptographicException) { phone = null; }
        }
        else if (row?.CoordinatorCleared != true && PhoneNumber.TryNormalize(options.Value.CoordinatorPhone, out var configured))
        {
            phone = configured;
        }
        return new LineSettings(hours, hoursText, phone);
    }
}
