namespace BotService.Storage;

public enum StorageProvider { Sqlite, AzureTables }
