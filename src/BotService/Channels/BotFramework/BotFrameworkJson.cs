using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotService.Channels.BotFramework;

internal static class BotFrameworkJson
{
    /// <summary>camelCase, nulls omitted (channels reject some explicit nulls), case-insensitive on read.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
