namespace BotService.Coping;

public sealed class CopingState
{
    public string? Need { get; set; }
    /// <summary>Strategy ids in the order offered: the ones that helped her before come first.</summary>
    public List<string> Order { get; set; } = [];
    public int Index { get; set; }
}
