using BotService.CheckIns;
using BotService.Members;

namespace BotService.Tests.Support;

/// <summary>An open-check-in lookup the tests control: a date to report, or a bug to throw.</summary>
public sealed class ScriptedOpenCheckIns : IOpenCheckInLookup
{
    public string? OpenDate { get; set; }
    public bool Throw { get; set; }
    public List<string> Answered { get; } = [];

    public Task<string?> GetOpenPromptDateAsync(string memberKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        Throw ? throw new InvalidOperationException("test bug") : Task.FromResult(OpenDate);

    public Task MarkAnsweredAsync(MemberProfile profile, string localDate, CancellationToken cancellationToken)
    {
        Answered.Add(localDate);
        OpenDate = null;
        return Task.CompletedTask;
    }
}
