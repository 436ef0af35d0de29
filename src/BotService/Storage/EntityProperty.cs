namespace BotService.Storage;

/// <summary>One stored column value with its type. Internal to the stores; the domain sees typed entities only.</summary>
public readonly record struct EntityProperty(EdmType Type, object Value);
