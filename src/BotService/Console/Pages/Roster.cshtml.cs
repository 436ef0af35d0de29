using BotService.Volunteers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole.Pages;

public sealed class RosterModel(VolunteerDirectory volunteers, CoordinatorActions actions, LineSettingsStore lineSettings, IOptions<EscalationOptions> escalation)
    : ConsolePageModel
{
    public IReadOnlyList<Volunteer> Volunteers { get; private set; } = [];
    public int Cap => actions.MaxActivePerVolunteer;
    public string Hours { get; private set; } = "";
    public string Zone => escalation.Value.TimeZone;
    public bool CoordinatorSet { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Volunteers = [.. (await volunteers.AllAsync(ct)).OrderBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase)];
        var line = await lineSettings.CurrentAsync(ct);
        Hours = line.HoursText;
        CoordinatorSet = line.CoordinatorPhone is not null;
    }

    public async Task<IActionResult> OnPostLineAsync(string? hours, string? coordinatorPhone, bool clearCoordinator, CancellationToken ct) =>
        Report(await actions.SetLineAsync(Actor, hours, clearCoordinator ? "" : string.IsNullOrWhiteSpace(coordinatorPhone) ? null : coordinatorPhone, ct));

    public async Task<IActionResult> OnPostAddAsync(string? name, string? phone, string? languages, CancellationToken ct) =>
        Report(await actions.AddVolunteerAsync(Actor, name, phone, languages, ct));

    public async Task<IActionResult> OnPostEditAsync(string? id, string? name, string? languages, string? cap, CancellationToken ct) =>
        Report(await actions.EditVolunteerAsync(Actor, id ?? "", name, languages, cap, ct));

    public int CapOf(Volunteer v) => actions.CapOf(v);

    public async Task<IActionResult> OnPostOnCallAsync(string? id, bool onCall, CancellationToken ct) =>
        Report(await actions.SetOnCallAsync(Actor, id ?? "", onCall, ct));

    public async Task<IActionResult> OnPostRemoveAsync(string? id, CancellationToken ct) =>
        Report(await actions.RemoveVolunteerAsync(Actor, id ?? "", ct));
}
