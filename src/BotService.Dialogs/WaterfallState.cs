using System.Text.Json;

namespace BotService.Dialogs;

/// <summary>What a waterfall persists: where it is, the typed values, and the begin options as JSON.</summary>
public sealed class WaterfallState<TState> where TState : class, new()
{
    public int StepIndex { get; set; }
    public TState Values { get; set; } = new();
    public JsonElement? Options { get; set; }
}
