
namespace BotService.Dialogs;

public enum ListStyle
{
    /// <summary>Only the prompt text; the content already lists the options.</summary>
    None,

    /// <summary>The prompt text followed by "1. First" lines, which is what works on basic phones.</summary>
    List,
}
