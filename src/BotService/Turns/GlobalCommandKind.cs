using BotService.Dialogs.Recognizers;

namespace BotService.Turns;

public enum GlobalCommandKind { None, Menu, CheckIn, Cope, Peer, Pause, Resume, DiscreetOn, DiscreetOff, Language, CodeWord, DeleteMyData }
