namespace BotService.Dialogs;

/// <summary>A small typed services bag; one value per type, like the Bot Framework turn state.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Named after the Bot Framework turn state it stands in for, so dialog code reads the same.")]
public sealed class TurnContextStateCollection
{
    private readonly Dictionary<Type, object> _values = [];

    public T? Get<T>() where T : class => _values.TryGetValue(typeof(T), out var value) ? (T)value : null;

    public bool TryGet<T>(out T value) where T : class
    {
        value = Get<T>()!;
        return value is not null;
    }

    public TurnContextStateCollection Set<T>(T value) where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        _values[typeof(T)] = value;
        return this;
    }

    public bool Remove<T>() where T : class => _values.Remove(typeof(T));
}
