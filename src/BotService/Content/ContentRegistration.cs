namespace BotService.Content;

public static class ContentRegistration
{
    /// <summary>Everything the bot says, per language, loaded once from the dialogs folder.</summary>
    public static IServiceCollection AddContent(this IServiceCollection services, IConfiguration configuration, string appRoot)
    {
        var root = DialogsFolder(configuration, appRoot);
        services.AddSingleton(_ => ContentCatalog.LoadFrom(root));
        return services;
    }

    /// <summary>Content:Root (default dialogs/ in the app root), else the copy shipped next to the binaries.</summary>
    public static string DialogsFolder(IConfiguration configuration, string appRoot)
    {
        var configured = Path.GetFullPath(configuration["Content:Root"] ?? "dialogs", appRoot);
        return Directory.Exists(configured) ? configured : Path.Combine(AppContext.BaseDirectory, "dialogs");
    }
}
