
namespace BotService.Privacy;

/// <summary>
/// DELETE MY DATA: every feature that keeps something about a member registers one eraser; all of them run.
/// </summary>
public interface IMemberDataEraser
{
    Task EraseAsync(string memberKey, CancellationToken cancellationToken);
}
