using BotService.Content;
using BotService.Messaging;
using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

/// <summary>
/// Nobody waits forever: re-pages unclaimed cases, pages the coordinator when no volunteer answers, and re-opens a
/// claimed case whose volunteer went quiet. Runs on the injected <see cref="TimeProvider"/> so tests move the clock.
/// </summary>
public sealed partial class EscalationTimers(IServiceProvider services, IOptions<EscalationOptions> options, TimeProvider time, ILogger<EscalationTimers> logger)
    : BackgroundService
{
    private readonly EscalationOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await RunOnceAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { LogTickFailed(logger, e.GetType().Name); }
            try { await Task.Delay(_options.TimerInterval, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One pass over every escalation that is not closed.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        var store = services.GetRequiredService<EscalationStore>();
        var pager = services.GetRequiredService<EscalationPager>();
        if (services.GetService<FollowUpScheduler>() is { } followUps)
        {
            try { await followUps.SendDueAsync(ct); }
            catch (Exception e) when (e is not OperationCanceledException) { LogTickFailed(logger, e.GetType().Name); }
        }
        var due = new List<EscalationRecord>();
        foreach (var record in EscalationPager.ByUrgency(await store.NotClosedAsync(ct)))
        {
            try
            {
                if (record.Status == EscalationStatus.Open && await OpenTickAsync(record, store, pager, ct)) due.Add(record);
                else if (record.Status == EscalationStatus.Claimed) await ClaimedTickAsync(record, store, pager, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad row must not stop the timers for everyone else.
                LogRowFailed(logger, record.Code, e.GetType().Name);
            }
        }
        // One text per volunteer per pass, however many cases are due.
        await pager.RepageAsync(due, ct);
    }

    /// <summary>True when the case is due a volunteer re-page; pages the coordinator once its re-pages are used up.</summary>
    private async Task<bool> OpenTickAsync(EscalationRecord record, EscalationStore store, EscalationPager pager, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var repages = Math.Max(0, record.PageCount - 1);
        var capped = record.FirstPagedAt is not null && repages >= _options.MaxRepages;
        var dueRepage = !capped && now - (record.LastPagedAt ?? record.OpenedAt) >= _options.RepageAfter;

        var coordinatorDue = capped && now - (record.LastPagedAt ?? record.OpenedAt) >= _options.RepageAfter || now - record.OpenedAt >= _options.CoordinatorAfter;
        if (!record.CoordinatorPaged && coordinatorDue && await pager.HasCoordinatorAsync(ct))
        {
            // Flag first (ETag-guarded), so two timer instances cannot both page her.
            var flagged = await store.UpdateAsync(record.Code, r =>
            {
                if (r.CoordinatorPaged || r.Status != EscalationStatus.Open) return false;
                r.CoordinatorPaged = true;
                return true;
            }, ct);
            if (flagged is not null) await pager.PageCoordinatorAsync(flagged, ct);
        }
        return dueRepage;
    }

    private async Task ClaimedTickAsync(EscalationRecord record, EscalationStore store, EscalationPager pager, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var quietSince = record.LastVolunteerTextAt ?? record.ClaimedAt ?? record.OpenedAt;
        if (now - quietSince < _options.ClaimedSilenceAfter) return;

        var volunteerId = record.ClaimedBy;
        var reopened = await store.UpdateAsync(record.Code, r =>
        {
            if (r.Status != EscalationStatus.Claimed || r.ClaimedBy != volunteerId || (r.LastVolunteerTextAt ?? r.ClaimedAt) != (record.LastVolunteerTextAt ?? record.ClaimedAt)) return false;
            r.Status = EscalationStatus.Open;
            r.ClaimedBy = null;
            r.ClaimedAt = null;
            r.LastVolunteerTextAt = null;
            return true;
        }, ct);
        if (reopened is null) return;

        var outbox = services.GetRequiredService<IOutbox>();
        var content = services.GetRequiredService<ContentCatalog>();
        var encryptor = services.GetRequiredService<FieldEncryptor>();
        var volunteers = services.GetRequiredService<VolunteerDirectory>();
        var minutes = (int)_options.ClaimedSilenceAfter.TotalMinutes;
        await store.AddEventAsync(record.Code, EscalationEventKind.SilenceReopened, now, volunteerId, $"{minutes} min", ct);
        LogSilence(logger, record.Code, minutes);

        var address = encryptor.DecryptOptional(reopened.EncryptedAddress);
        if (address is not null)
            await outbox.EnqueueAsync(new OutboundMessage(reopened.Channel, address, content.Text(reopened.Language, "escalation.member_silence"),
                MessagePriority.Crisis, $"esc-silence:{record.Code}:{now.UtcTicks}") { MemberKey = reopened.MemberKey }, ct);
        if (volunteerId is not null)
        {
            await store.RemoveVolunteerCaseAsync(volunteerId, record.Code, ct);
            var volunteer = await volunteers.UpdateAsync(volunteerId, v => v.ActiveCaseCount = Math.Max(0, v.ActiveCaseCount - 1), ct);
            if (volunteer is not null)
                await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, volunteers.PhoneOf(volunteer),
                    content.Text(volunteer.PreferredLanguage, "escalation.volunteer_reopened", ("code", record.Code), ("minutes", minutes)),
                    MessagePriority.Relay, $"esc-reopened:{record.Code}:{now.UtcTicks}"), ct);
        }
        await pager.PageAsync(reopened, matchLanguage: false, EscalationEventKind.Repaged, ct);
    }


    [LoggerMessage(EventId = 5141, Level = LogLevel.Error, Message = "Escalation timer pass failed ({ExceptionType}); trying again next tick")]
    private static partial void LogTickFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 5142, Level = LogLevel.Error, Message = "Escalation {Code}: timer failed ({ExceptionType})")]
    private static partial void LogRowFailed(ILogger logger, string code, string exceptionType);

    [LoggerMessage(EventId = 5143, Level = LogLevel.Warning, Message = "Escalation {Code}: no volunteer text for {Minutes} min; member told and case re-opened")]
    private static partial void LogSilence(ILogger logger, string code, int minutes);
}
