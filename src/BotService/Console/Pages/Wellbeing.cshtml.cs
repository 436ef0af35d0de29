using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole.Pages;

public sealed class WellbeingModel(WellbeingReport report, CoordinatorActions actions, IOptions<ConsoleOptions> options) : ConsolePageModel
{
    public int HoursLimit => options.Value.OnCallHoursPerWeek;
    public IReadOnlyList<VolunteerWellbeing> Volunteers { get; private set; } = [];
    public IReadOnlyList<string> Flags => [.. Volunteers.SelectMany(v => v.Flags)];

    public async Task OnGetAsync(CancellationToken ct) => Volunteers = await report.BuildAsync(ct);

    public async Task<IActionResult> OnPostTextAsync(string? id, string? text, CancellationToken ct) =>
        Report(await actions.TextVolunteerAsync(Actor, id ?? "", text, ct));
}
