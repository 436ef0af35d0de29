namespace BotService.Storage;

/// <summary>An entity or key that the table service would refuse, caught before it reaches the wire.</summary>
public sealed class EntityValidationException(string field, string message) : ArgumentException($"{field}: {message}", field)
{
    public string Field { get; } = field;
}
