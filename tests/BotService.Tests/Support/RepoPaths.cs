namespace BotService.Tests.Support;

/// <summary>Locates the repository from the test binaries (walks up to the folder holding BotService.sln).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The team's shared folder beside the repository (test vectors and peers).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Dialogs => Path.Combine(Root, "dialogs");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BotService.sln"))) return dir.FullName;
        throw new InvalidOperationException($"BotService.sln not found above {AppContext.BaseDirectory}.");
    }
}
