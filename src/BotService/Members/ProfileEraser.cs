using BotService.Privacy;

namespace BotService.Members;

/// <summary>Her profile goes last so the scheduler hears of the removal (MemberRepository notifies it).</summary>
internal sealed class ProfileEraser(MemberRepository members) : IMemberDataEraser
{
    public Task EraseAsync(string memberKey, CancellationToken cancellationToken) => members.DeleteAsync(memberKey, cancellationToken);
}
