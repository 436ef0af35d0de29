using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>
/// A peer volunteer. Table <c>volunteers</c>, one partition, RowKey = id = a prefix of her phone's keyed hash, so an
/// inbound text finds her with one read and the table never holds her number in clear.
/// </summary>
public sealed class Volunteer : TableEntityBase
{
    public const string TableName = "volunteers";
    public const string Partition = "volunteer";

    public string Id { get => RowKey; set => RowKey = value; }
    /// <summary>First name or alias she chose to share; shown to members as "Ana (peer)".</summary>
    public string Name { get; set; } = "";
    public string EncryptedPhone { get; set; } = "";
    public string PhoneKey { get; set; } = "";
    /// <summary>Comma-separated language codes, first one preferred for her own messages.</summary>
    public string Languages { get; set; } = "en";
    public bool OnCall { get; set; }
    /// <summary>She texted STOP: off call and never paged until she texts START.</summary>
    public bool OptedOut { get; set; }
    public int ActiveCaseCount { get; set; }
    /// <summary>The most cases she holds at once, set by the coordinator on the roster; null: Escalation:MaxActivePerVolunteer.</summary>
    public int? MaxActive { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<string> LanguageList =>
        Languages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string PreferredLanguage => LanguageList.Count > 0 ? LanguageList[0] : "en";

    /// <summary>Her cap: her own, else the line's.</summary>
    public int CapOr(int lineCap) => MaxActive ?? lineCap;

    public static string IdFor(string phoneKey) => phoneKey[..16];
}
