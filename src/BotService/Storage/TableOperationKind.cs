namespace BotService.Storage;

public enum TableOperationKind { Insert, Replace, Upsert, Delete }
