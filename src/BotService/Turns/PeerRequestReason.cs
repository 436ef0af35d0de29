namespace BotService.Turns;

public enum PeerRequestReason { MemberAsked, RedFlagCheckIns, Silence }
