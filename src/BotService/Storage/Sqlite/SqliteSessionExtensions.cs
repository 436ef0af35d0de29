using Microsoft.Data.Sqlite;

namespace BotService.Storage.Sqlite;

internal static class SqliteSessionExtensions
{
    /// <summary>Sets a parameter's value, adding the parameter on first use: one parameter object per prepared command
    /// instead of a new one per execution (those were a few percent of everything allocated under load).</summary>
    public static void Set(this SqliteCommand command, string name, object value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index >= 0) parameters[index].Value = value;
        else parameters.AddWithValue(name, value);
    }
}
