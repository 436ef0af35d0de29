namespace BotService.CoordinatorConsole.Pages;

public sealed class HealthModel(LineHealthReport report, Microsoft.Extensions.Options.IOptions<ConsoleOptions> options) : ConsolePageModel
{
    /// <summary>"every 60 minutes": how often the members are counted again.</summary>
    public string RecountEvery => $"every {(int)options.Value.UpkeepInterval.TotalMinutes} minutes";

    public IReadOnlyList<AggregateTable> Tables { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Tables = await report.BuildAsync(ct);
}
