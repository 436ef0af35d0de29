using BotService.Escalation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole.Pages;

public sealed class RosterModel(VolunteerDirectory volunteers, CoordinatorActions actions, IOptions<EscalationOptions> escalation) : ConsolePageModel
{
    public IReadOnlyList<Volunteer> Volunteers { get; private set; } = [];
    public int Cap => actions.MaxActivePerVolunteer;
    public string Hours => escalation.Value.OperatingHours;
    public string Zone => escalation.Value.TimeZone;
    public bool CoordinatorSet => !string.IsNullOrWhiteSpace(escalation.Value.CoordinatorPhone);

    public async Task OnGetAsync(CancellationToken ct) =>
        Volunteers = [.. (await volunteers.AllAsync(ct)).OrderBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase)];

    public async Task<IActionResult> OnPostAddAsync(string? name, string? phone, string? languages, CancellationToken ct) =>
        Report(await actions.AddVolunteerAsync(Actor, name, phone, languages, ct));

    public async Task<IActionResult> OnPostEditAsync(string? id, string? name, string? languages, CancellationToken ct) =>
        Report(await actions.EditVolunteerAsync(Actor, id ?? "", name, languages, ct));

    public async Task<IActionResult> OnPostOnCallAsync(string? id, bool onCall, CancellationToken ct) =>
        Report(await actions.SetOnCallAsync(Actor, id ?? "", onCall, ct));

    public async Task<IActionResult> OnPostRemoveAsync(string? id, CancellationToken ct) =>
        Report(await actions.RemoveVolunteerAsync(Actor, id ?? "", ct));
}
