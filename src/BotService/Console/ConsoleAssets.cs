using System.Reflection;

namespace BotService.CoordinatorConsole;

/// <summary>
/// The console's stylesheet and script, compiled into the assembly and served at <c>/console/assets/{name}</c>:
/// no CDN, and no dependence on where the host's web root happens to be.
/// </summary>
public static class ConsoleAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Files = Load();

    public static IResult Serve(string name) =>
        Files.TryGetValue(name, out var file) ? Results.Bytes(file.Bytes, file.ContentType) : Results.NotFound();

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in new[] { "console.css", "console.js", "icon.svg" })
        {
            using var stream = assembly.GetManifestResourceStream("ConsoleAssets." + name)
                ?? throw new InvalidOperationException($"Console asset {name} is missing from the build.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name] = (copy.ToArray(), Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "text/javascript; charset=utf-8",
            });
        }
        return files;
    }
}
