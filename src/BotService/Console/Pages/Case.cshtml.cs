using BotService.Volunteers;
using Microsoft.AspNetCore.Mvc;

namespace BotService.CoordinatorConsole.Pages;

/// <summary>One case: its facts, the actions, notes and a history merged from the case's events and the audit trail.</summary>
public sealed class CaseModel(EscalationStore store, VolunteerDirectory volunteers, CoordinatorActions actions, AuditLog audit, TimeProvider time)
    : ConsolePageModel
{
    public sealed record HistoryLine(DateTimeOffset At, string Text);

    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    public EscalationRecord? Record { get; private set; }
    public string? HolderName { get; private set; }
    public IReadOnlyList<Volunteer> Eligible { get; private set; } = [];
    public IReadOnlyList<HistoryLine> History { get; private set; } = [];
    public string? Revealed { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public int CapOf(Volunteer v) => actions.CapOf(v);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostShowAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        // Shown in this response only: never put in TempData, a cookie, or a redirect.
        Revealed = await actions.RevealOpeningTextAsync(Actor, Code, ct) ?? "(No message is kept for this case.)";
        return Page();
    }

    public async Task<IActionResult> OnPostRepageAsync(CancellationToken ct) => Known() ? Report(await actions.RepageAsync(Actor, Code, ct)) : NotFound();

    public async Task<IActionResult> OnPostAssignAsync(string? volunteerId, CancellationToken ct) =>
        Known() ? Report(await actions.AssignAsync(Actor, Code, volunteerId ?? "", ct)) : NotFound();

    public async Task<IActionResult> OnPostCloseAsync(string? outcome, string? reason, CancellationToken ct) =>
        Known() ? Report(await actions.CloseAsync(Actor, Code, outcome, reason, ct)) : NotFound();

    public async Task<IActionResult> OnPostNoteAsync(string? note, CancellationToken ct) =>
        Known() ? Report(await actions.AddNoteAsync(Actor, Code, note, ct)) : NotFound();

    private bool Known()
    {
        if (!EscalationCode.TryParse(Code, out var parsed)) return false;
        Code = parsed;
        return true;
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (!Known()) return false;
        Record = await store.GetAsync(Code, ct);
        if (Record is null) return false;
        Now = time.GetUtcNow();
        var all = await volunteers.AllAsync(ct);
        var names = all.ToDictionary(v => v.Id, v => v.Name);
        HolderName = Record.ClaimedBy is { } holder ? names.GetValueOrDefault(holder) : null;
        if (Record.Status == EscalationStatus.Open) Eligible = await actions.EligibleAsync(Record, ct);
        var lines = (await store.EventsAsync(Code, ct)).Select(e => new HistoryLine(e.At,
            $"{e.Kind}{(e.VolunteerId is { } id ? " - " + names.GetValueOrDefault(id, "a removed volunteer") : "")}{(e.Detail is null ? "" : " (" + e.Detail + ")")}")).ToList();
        lines.AddRange((await audit.RecentAsync(200, ct, Code)).Select(a => new HistoryLine(a.At,
            $"{a.Actor}: {a.Action}{(a.Detail is null ? "" : " - " + a.Detail)}")));
        History = [.. lines.OrderBy(l => l.At)];
        return true;
    }
}
