namespace BotService.Storage;

/// <summary>Where relative paths in settings (Storage:Sqlite:Path, dialogs/) are resolved from.</summary>
public sealed record AppPaths(string Root)
{
    public string Resolve(string path) => Path.GetFullPath(path, Root);
}
