namespace BotService.Tests.Support;

/// <summary>Finds the repository from the test binaries, so tests never hard-code a machine path.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Dialogs => Path.Combine(Root, "dialogs");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BotService.sln"))) return dir.FullName;
        throw new InvalidOperationException("BotService.sln not found above " + AppContext.BaseDirectory);
    }
}
