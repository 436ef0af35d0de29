using System.Text.RegularExpressions;
using BotService.Storage;

namespace BotService.CoordinatorConsole;

/// <summary>The coordinator's audit trail, through the same table store as every other feature.</summary>
public sealed partial class AuditLog(ITableStore store, TimeProvider time)
{
    private readonly ITable<AuditEntry> _table = store.GetTable<AuditEntry>(AuditEntry.TableName);

    public async Task<AuditEntry> WriteAsync(string actor, string action, string? code, string? volunteerId, string? detail, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var entry = new AuditEntry
        {
            PartitionKey = AuditEntry.Partition,
            RowKey = $"{Inverted(now)}-{Guid.NewGuid():N}",
            At = now,
            Actor = actor,
            Action = action,
            Code = code,
            VolunteerId = volunteerId,
            Detail = detail is null ? null : MaskPhones(detail),
        };
        await _table.InsertAsync(entry, ct);
        return entry;
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int max, CancellationToken ct, string? code = null)
    {
        var list = new List<AuditEntry>();
        await foreach (var e in _table.QueryPartitionAllAsync(AuditEntry.Partition, cancellationToken: ct))
        {
            if (code is not null && e.Code != code) continue;
            list.Add(e);
            if (list.Count >= max) break;
        }
        return list;
    }

    /// <summary>Deletes every entry written before <paramref name="cutoff"/>: newest first means those are one range at
    /// the end of the partition, read and deleted in batches. Returns how many went.</summary>
    public async Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var old = new List<AuditEntry>();
        await foreach (var e in _table.QueryPartitionAllAsync(AuditEntry.Partition, new RowKeyRange(Inverted(cutoff), null), ct)) old.Add(e);
        foreach (var chunk in old.Chunk(100))
            await _table.SubmitBatchAsync([.. chunk.Select(e => TableOperation<AuditEntry>.Delete(e))], ct);
        return old.Count;
    }

    private static string Inverted(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Seven or more digits, with the separators people type between them, become "[number hidden]": the console
    /// never shows a phone number, even one a coordinator or a member typed into free text.</summary>
    public static string MaskPhones(string text) => PhoneLike().Replace(text, "[number hidden]");

    [GeneratedRegex(@"\+?\d(?:[\s\-.()]*\d){6,}")]
    private static partial Regex PhoneLike();
}
