using Microsoft.Extensions.Configuration.Json;

namespace BotService.Hosting;

/// <summary>
/// The folder that holds appsettings.json, dialogs/ and data/. Deployed, that is the content root. Under
/// `dotnet run --project src/BotService` the content root is the project folder, but settings and content live at
/// the repository root so non-programmers find them: walk up to it.
/// </summary>
public static class AppRoot
{
    public static string Find(IHostEnvironment environment)
    {
        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "dialogs")))
                return dir.FullName;
            if (File.Exists(Path.Combine(dir.FullName, "BotService.sln"))) return dir.FullName;
        }
        return environment.ContentRootPath;
    }

    /// <summary>Loads the root appsettings.json when the content root lacks one, with the same precedence the
    /// default one has: below environment variables and the command line.</summary>
    public static void AddRootSettings(ConfigurationManager configuration, string appRoot, IHostEnvironment environment)
    {
        if (File.Exists(Path.Combine(environment.ContentRootPath, "appsettings.json"))) return;
        var sources = (IList<IConfigurationSource>)configuration.Sources;
        var insertAt = sources.TakeWhile(s => s is JsonConfigurationSource).Count();
        foreach (var name in new[] { "appsettings.json", $"appsettings.{environment.EnvironmentName}.json" }.Reverse())
        {
            var path = Path.Combine(appRoot, name);
            if (!File.Exists(path)) continue;
            var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
            source.ResolveFileProvider();
            sources.Insert(insertAt, source);
        }
    }
}
