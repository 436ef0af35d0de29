
namespace BotService.Volunteers;

public enum EscalationEventKind { Opened, Joined, Paged, NobodyOnCall, Claimed, Relayed, Repaged, CoordinatorPaged, SilenceReopened, Closed, MemberQuiet, Summarized, Throttled }
