namespace BotService.Volunteers;

/// <summary>Bound from the <c>Admin</c> section.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Bearer key for /admin. Unset: every admin call is refused (fail closed).</summary>
    public string? ApiKey { get; set; }
}
