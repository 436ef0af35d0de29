using System.Text.Json;

namespace BotService.Dialogs;

/// <summary>
/// One entry on the dialog stack. Its state is a typed object owned by the dialog. After the stack is
/// restored from JSON the state is held as raw JSON until the owning dialog asks for it with
/// <see cref="GetState{T}"/>, because only that dialog knows the type.
/// </summary>
public sealed class DialogInstance
{
    private object? _state;
    private JsonElement? _pendingJson;

    public DialogInstance(string id, object? state = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        _state = state;
    }

    public string Id { get; }

    /// <summary>The typed state, or null when none was set or it has not been read since the restore.</summary>
    public object? State => _state;

    internal static DialogInstance FromJson(string id, JsonElement? state)
        => new(id) { _pendingJson = state is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } ? state : null };

    /// <summary>The state as <typeparamref name="T"/>, read from the persisted JSON on first use.</summary>
    /// <exception cref="InvalidOperationException">The instance holds state of another type.</exception>
    public T? GetState<T>() where T : class
    {
        if (_pendingJson is { } json)
        {
            _state = json.Deserialize<T>(DialogStateSerializer.Options);
            _pendingJson = null;
        }

        return _state switch
        {
            null => null,
            T typed => typed,
            _ => throw new InvalidOperationException(
                $"Dialog '{Id}' holds state of type {_state.GetType().Name}, not {typeof(T).Name}."),
        };
    }

    public void SetState<T>(T? state) where T : class
    {
        _state = state;
        _pendingJson = null;
    }

    internal JsonElement? ToJsonElement()
        => _pendingJson ?? (_state is null ? null : JsonSerializer.SerializeToElement(_state, _state.GetType(), DialogStateSerializer.Options));
}
