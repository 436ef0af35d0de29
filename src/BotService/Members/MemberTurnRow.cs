namespace BotService.Members;

/// <summary>Her row as a turn sees it. <paramref name="Legacy"/>: it was folded from rows older than layout 1, so the
/// write that saves it migrates her.</summary>
public readonly record struct MemberTurnRow(MemberProfile Profile, bool Legacy);
