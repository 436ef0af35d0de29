using BotService.Privacy;
using BotService.Storage;

namespace BotService.Escalation;

/// <summary>Registered volunteers. Lookup by an inbound number is one read (the id derives from the phone's keyed hash).</summary>
public sealed class VolunteerDirectory(ITableStore store, KeyedHasher hasher, FieldEncryptor encryptor)
{
    private readonly ITable<Volunteer> _table = store.GetTable<Volunteer>(Volunteer.TableName);

    /// <summary>Null for anyone who is not a registered volunteer (members, unknown numbers, other channels).</summary>
    public async Task<Volunteer?> FindBySenderAsync(string channel, string address, CancellationToken ct)
    {
        if (channel != Conversation.Channels.Sms || !PhoneNumber.TryNormalize(address, out var e164)) return null;
        var key = hasher.PhoneKey(e164);
        var volunteer = await _table.GetAsync(Volunteer.Partition, Volunteer.IdFor(key), ct);
        // The id is a prefix of the hash; the full key settles the (astronomically unlikely) prefix collision.
        return volunteer?.PhoneKey == key ? volunteer : null;
    }

    public Task<Volunteer?> GetAsync(string id, CancellationToken ct) => _table.GetAsync(Volunteer.Partition, id, ct);

    public async Task<IReadOnlyList<Volunteer>> AllAsync(CancellationToken ct)
    {
        var list = new List<Volunteer>();
        await foreach (var v in _table.QueryPartitionAllAsync(Volunteer.Partition, cancellationToken: ct)) list.Add(v);
        return list;
    }

    /// <summary>Adds a volunteer; throws <see cref="EntityAlreadyExistsException"/> when the number is registered.</summary>
    public async Task<Volunteer> AddAsync(string name, string e164, IEnumerable<string> languages, DateTimeOffset now, CancellationToken ct)
    {
        var key = hasher.PhoneKey(e164);
        var volunteer = new Volunteer
        {
            PartitionKey = Volunteer.Partition,
            Id = Volunteer.IdFor(key),
            Name = name,
            EncryptedPhone = encryptor.Encrypt(e164),
            PhoneKey = key,
            Languages = string.Join(',', languages),
            CreatedAt = now,
        };
        await _table.InsertAsync(volunteer, ct);
        return volunteer;
    }

    public Task<bool> DeleteAsync(string id, CancellationToken ct) => _table.DeleteAsync(Volunteer.Partition, id, cancellationToken: ct);

    /// <summary>Read-change-write with retry on conflict; null when she no longer exists.</summary>
    public async Task<Volunteer?> UpdateAsync(string id, Action<Volunteer> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var v = await GetAsync(id, ct);
            if (v is null) return null;
            change(v);
            try
            {
                await _table.ReplaceAsync(v, v.ETag, ct);
                return v;
            }
            catch (EntityConcurrencyException) when (attempt < 20) { }
        }
    }

    /// <summary>The keyed hash a volunteer with this number would be registered under.</summary>
    public string PhoneKeyOf(string e164) => hasher.PhoneKey(e164);

    /// <summary>Her number in clear, only to hand to the outbox. Never log it.</summary>
    public string PhoneOf(Volunteer volunteer) => encryptor.Decrypt(volunteer.EncryptedPhone);
}
