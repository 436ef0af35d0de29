namespace BotService.CoordinatorConsole.Pages;

public sealed class IndexModel(ConsoleQueue queue) : ConsolePageModel
{
    /// <summary>Encoded by <see cref="QueueFragment"/>, the same rows the event stream sends.</summary>
    public string Rows { get; private set; } = "";
    public int Count { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await queue.RowsAsync(ct);
        Count = rows.Count;
        Rows = QueueFragment.Render(rows);
    }
}
