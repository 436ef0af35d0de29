namespace BotService.Members;

/// <summary>Her row as a turn sees it. <paramref name="Legacy"/>: a dialog state row from before layout 1 was folded
/// in; once her row is written, the caller drops it (<see cref="MemberRepository.DropLegacyDialogStateAsync"/>).</summary>
public readonly record struct MemberTurnRow(MemberProfile Profile, bool Legacy)
{
    /// <summary>The stored row (if any) is older than layout 1: writing <see cref="Profile"/> migrates it.</summary>
    public bool Migrating { get; init; }
}
