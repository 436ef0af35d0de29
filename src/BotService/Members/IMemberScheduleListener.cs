namespace BotService.Members;

/// <summary>
/// Told whenever a member's check-in schedule may have changed (time, zone, pause, silence, status, erase), so the
/// scheduler can keep its due-time index right without scanning every member.
/// </summary>
public interface IMemberScheduleListener
{
    Task MemberScheduleChangedAsync(MemberProfile profile, CancellationToken cancellationToken);

    Task MemberRemovedAsync(string memberKey, CancellationToken cancellationToken);
}
