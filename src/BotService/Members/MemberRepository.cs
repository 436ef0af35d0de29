using BotService.Storage;

namespace BotService.Members;

/// <summary>Reads and writes member profiles; tells the scheduler when a write may change her schedule.</summary>
public sealed class MemberRepository(ITableStore store, IEnumerable<IMemberScheduleListener> listeners)
{
    private const int MaxAttempts = 10;
    private readonly ITable<MemberProfile> _table = store.GetTable<MemberProfile>(MemberProfile.TableName);
    private readonly ITable<LegacyOptOutRow> _legacyOptOuts = store.GetTable<LegacyOptOutRow>(LegacyOptOutRow.TableName);
    private readonly ITable<DialogStateRow> _legacyStates = store.GetTable<DialogStateRow>(DialogStateRow.TableName);
    private readonly ITable<MemberStateRow> _counted = store.GetTable<MemberStateRow>(MemberStateRow.TableName);

    /// <summary>Her row as stored (null when there is none). Fields folded in by layout 1 are not filled in for an
    /// older row: use <see cref="LoadAsync"/> for a turn and <see cref="IsOptedOutAsync"/> for the opt-out.</summary>
    public Task<MemberProfile?> GetAsync(string memberKey, CancellationToken cancellationToken) =>
        _table.GetAsync(memberKey, MemberProfile.ProfileRowKey, cancellationToken);

    /// <summary>
    /// Her row for a turn, always of the current layout: a stored row of layout 1 as it is (one read); otherwise (an
    /// older row, or none) with her old opt-out row and dialog state row folded in, and the case flag set so the turn
    /// asks the escalation index once. The next write of the result migrates her (when an old dialog state row was
    /// folded, the caller then calls <see cref="DropLegacyDialogStateAsync"/>). A row that does not exist yet comes
    /// back new (default ETag).
    /// </summary>
    public async Task<MemberTurnRow> LoadAsync(string memberKey, string channel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var profile = await GetAsync(memberKey, cancellationToken);
        if (profile is { RowLayout: >= MemberProfile.CurrentLayout }) return new MemberTurnRow(profile, Legacy: false);

        var optOut = _legacyOptOuts.GetAsync(memberKey, LegacyOptOutRow.OptOutRowKey, cancellationToken);
        var state = _legacyStates.GetAsync(memberKey, DialogStateRow.StateRowKey, cancellationToken);
        await Task.WhenAll(optOut, state);
        profile ??= MemberProfile.New(memberKey, channel);
        profile.RowLayout = MemberProfile.CurrentLayout;
        // STOP always wins: a date already in the row (a flag write kept layout 0) or the old row's, whichever is there.
        profile.OptedOutAt ??= (await optOut)?.OptedOutAt;
        var oldState = await state;
        profile.DialogState ??= oldState?.StateJson;
        // Cases opened before the fold left no flag: look once.
        profile.CaseFlaggedAt ??= now;
        return new MemberTurnRow(profile, Legacy: oldState is not null) { Migrating = true };
    }

    /// <summary>Inserts a new profile or replaces the one read earlier (ETag-guarded: a concurrent change throws
    /// <see cref="EntityConcurrencyException"/> so the caller re-runs its turn on fresh state).</summary>
    public Task SaveAsync(MemberProfile profile, CancellationToken cancellationToken) => SaveAsync(profile, scheduleChanged: true, cancellationToken);

    /// <summary>As <see cref="SaveAsync(MemberProfile, CancellationToken)"/>; the scheduler is told only when
    /// <paramref name="scheduleChanged"/> (a turn that only moved her dialog on costs it nothing). A row that
    /// appeared or vanished since it was read also surfaces as <see cref="EntityConcurrencyException"/>.</summary>
    public async Task SaveAsync(MemberProfile profile, bool scheduleChanged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        try
        {
            if (profile.ETag == default) await _table.InsertAsync(profile, cancellationToken);
            else await _table.ReplaceAsync(profile, profile.ETag, cancellationToken);
        }
        catch (Exception e) when (e is EntityAlreadyExistsException or EntityNotFoundException)
        {
            throw new EntityConcurrencyException(MemberProfile.TableName, profile.MemberKey[..Math.Min(8, profile.MemberKey.Length)], MemberProfile.ProfileRowKey);
        }
        if (!scheduleChanged) return;
        // Status and pause change only in writes that may change her schedule: those, and opt-in/out, refresh her state row.
        await CountAsync(profile, cancellationToken);
        foreach (var listener in listeners) await listener.MemberScheduleChangedAsync(profile, cancellationToken);
    }

    /// <summary>After a migrating write: her dialog state now lives in her row. Best effort (a leftover is never read
    /// again: her row says layout 1).</summary>
    public async Task DropLegacyDialogStateAsync(string memberKey, CancellationToken cancellationToken)
    {
        try { await _legacyStates.DeleteAsync(memberKey, DialogStateRow.StateRowKey, cancellationToken: cancellationToken); }
        catch (TableStorageException) { }
    }

    /// <summary>True when she must not be texted: her row's opt-out, or for a row older than the fold (or none) the old
    /// <c>optouts</c> row.</summary>
    public async Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberKey);
        var profile = await GetAsync(memberKey, cancellationToken);
        if (profile?.OptedOutAt is not null) return true;
        if (profile is { RowLayout: >= MemberProfile.CurrentLayout }) return false;
        return await _legacyOptOuts.GetAsync(memberKey, LegacyOptOutRow.OptOutRowKey, cancellationToken) is not null;
    }

    /// <summary>Records her opt-out in her row (creating a bare row when she has none). A repeated STOP keeps the
    /// first date: that is when she asked.</summary>
    public async Task OptOutAsync(string memberKey, string channel, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await LoadAsync(memberKey, channel, at, cancellationToken);
            var (profile, legacy) = row;
            if (profile.OptedOutAt is not null && !row.Migrating) return;
            profile.OptedOutAt ??= at;
            try
            {
                await SaveAsync(profile, scheduleChanged: false, cancellationToken);
                await CountAsync(profile, cancellationToken);
                if (legacy) await DropLegacyDialogStateAsync(memberKey, cancellationToken);
                return;
            }
            catch (EntityConcurrencyException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>Clears her opt-out, in her row and in the old table.</summary>
    public async Task OptInAsync(string memberKey, string channel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (profile, legacy) = await LoadAsync(memberKey, channel, now, cancellationToken);
            if (profile.OptedOutAt is null || profile.ETag == default) break;
            profile.OptedOutAt = null;
            try
            {
                // A row that only ever held her STOP goes, as the old opt-out row did.
                if (IsBare(profile))
                {
                    await _table.DeleteAsync(memberKey, MemberProfile.ProfileRowKey, profile.ETag, cancellationToken);
                    await UncountAsync(memberKey, cancellationToken);
                }
                else
                {
                    await SaveAsync(profile, scheduleChanged: false, cancellationToken);
                    await CountAsync(profile, cancellationToken);
                }
                if (legacy) await DropLegacyDialogStateAsync(memberKey, cancellationToken);
                break;
            }
            catch (EntityConcurrencyException) when (attempt < MaxAttempts)
            {
            }
        }
        // Last, so an interrupted opt-in leaves her opted out rather than half in.
        await _legacyOptOuts.DeleteAsync(memberKey, LegacyOptOutRow.OptOutRowKey, cancellationToken: cancellationToken);
    }

    private static bool IsBare(MemberProfile p) =>
        p is { Status: MemberStatus.Onboarding, EncryptedAddress: null, DialogState: null, CaseFlaggedAt: null, SilencedUntil: null, OptedOutAt: null };

    /// <summary>
    /// Marks that a case slot may exist for her (see <see cref="MemberProfile.CaseFlaggedAt"/>): always a write, so
    /// a turn that read her row before it cannot commit on what it read. A missing row gets a bare one that keeps
    /// layout 0, so whoever reads it next still folds in her old rows.
    /// </summary>
    public async Task FlagCaseAsync(string memberKey, string channel, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var profile = await GetAsync(memberKey, cancellationToken)
                          ?? new MemberProfile { PartitionKey = memberKey, RowKey = MemberProfile.ProfileRowKey, Channel = channel };
            // Strictly later than what is there, so the write always changes the row.
            profile.CaseFlaggedAt = profile.CaseFlaggedAt >= at ? profile.CaseFlaggedAt.Value.AddTicks(1) : at;
            try
            {
                await SaveAsync(profile, scheduleChanged: false, cancellationToken);
                return;
            }
            catch (EntityConcurrencyException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>Deletes her profile. An opt-out outlives it: a row of the current layout that holds one is replaced by
    /// a bare row holding only that (an older row's opt-out is in the old table, which erasure never touched).</summary>
    public async Task DeleteAsync(string memberKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var profile = await GetAsync(memberKey, cancellationToken);
            if (profile is null) break;
            try
            {
                if (profile is { RowLayout: >= MemberProfile.CurrentLayout, OptedOutAt: { } optedOutAt })
                {
                    var bare = MemberProfile.New(memberKey, profile.Channel);
                    bare.OptedOutAt = optedOutAt;
                    await _table.ReplaceAsync(bare, profile.ETag, cancellationToken);
                }
                else
                {
                    await _table.DeleteAsync(memberKey, MemberProfile.ProfileRowKey, profile.ETag, cancellationToken);
                }
                break;
            }
            catch (Exception e) when (e is EntityConcurrencyException or EntityNotFoundException && attempt < MaxAttempts)
            {
            }
        }
        // Erased: no longer counted, whatever her profile's bare row keeps.
        await UncountAsync(memberKey, cancellationToken);
        foreach (var listener in listeners) await listener.MemberRemovedAsync(memberKey, cancellationToken);
    }

    /// <summary>Her row in <see cref="MemberStateRow"/>, for the line's counts. A failure leaves the last state there
    /// until her next change: a count is never worth failing her turn.</summary>
    private async Task CountAsync(MemberProfile profile, CancellationToken cancellationToken)
    {
        try { await _counted.UpsertAsync(MemberStateRow.Of(profile), cancellationToken); }
        catch (TableStorageException) { }
    }

    private async Task UncountAsync(string memberKey, CancellationToken cancellationToken)
    {
        try { await _counted.DeleteAsync(MemberStateRow.PartitionFor(memberKey), memberKey, cancellationToken: cancellationToken); }
        catch (TableStorageException) { }
    }

    /// <summary>Her address in clear, for sending. Never log it.</summary>
    public static string? Address(MemberProfile profile, Privacy.FieldEncryptor encryptor) => encryptor.DecryptOptional(profile.EncryptedAddress);
}
