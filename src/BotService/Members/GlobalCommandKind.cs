namespace BotService.Members;

public enum GlobalCommandKind { None, Menu, CheckIn, Cope, Peer, Pause, Resume, DiscreetOn, DiscreetOff, Language, CodeWord, DeleteMyData }
