using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotService.Dialogs;

/// <summary>
/// Turns a <see cref="DialogState"/> into one JSON string and back, shaped as
/// <c>{"dialogStack":[{"id":"checkin","state":{...}}],"lastActivityUtc":"..."}</c>.
/// Each state object is written with its runtime type and read back lazily by its dialog.
/// </summary>
public static class DialogStateSerializer
{
    /// <summary>Options used for every dialog's state; web defaults keep the JSON camelCase and tolerant of case.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Stored, never served to a browser: the default's \u0022 for every quote and \uXXXX for every accent made a
        // state with a prompt in it half again as large. Quotes, backslashes and control characters are still escaped.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToJson(DialogState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var dto = new StateDto(
            [.. state.DialogStack.Select(i => new InstanceDto(i.Id, i.ToJsonElement()))],
            state.LastActivityUtc);
        return JsonSerializer.Serialize(dto, Options);
    }

    /// <summary>Restores the state; null or blank JSON means a member with no conversation yet.</summary>
    /// <exception cref="JsonException">The JSON is not a dialog state.</exception>
    public static DialogState FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new DialogState();
        }

        var dto = JsonSerializer.Deserialize<StateDto>(json, Options) ?? throw new JsonException("Dialog state is null.");
        var state = new DialogState((dto.DialogStack ?? []).Select(i => DialogInstance.FromJson(
            i.Id ?? throw new JsonException("A dialog instance has no id."), i.State)))
        {
            LastActivityUtc = dto.LastActivityUtc,
        };
        return state;
    }

    private sealed record StateDto(List<InstanceDto>? DialogStack, DateTimeOffset? LastActivityUtc);

    private sealed record InstanceDto(string? Id, JsonElement? State);
}
