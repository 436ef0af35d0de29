namespace BotService.CoordinatorConsole.Pages;

public sealed class AuditModel(AuditLog audit) : ConsolePageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Entries = await audit.RecentAsync(300, ct);
}
