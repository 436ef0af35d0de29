namespace BotService.CoordinatorConsole.Pages;

public sealed class HealthModel(LineHealthReport report) : ConsolePageModel
{
    public IReadOnlyList<AggregateTable> Tables { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Tables = await report.BuildAsync(ct);
}
