namespace BotService.Volunteers;

public enum PeerRequestReason { MemberAsked, RedFlagCheckIns, Silence }
