using BotService.Members;
using Microsoft.Extensions.Options;

namespace BotService.Turns;

/// <summary>Until the scheduler lands there is no ledger, so no prompt is ever open.</summary>
internal sealed class NoOpenCheckIns : IOpenCheckInLookup
{
    public Task<string?> GetOpenPromptDateAsync(string memberKey, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task MarkAnsweredAsync(MemberProfile profile, string localDate, CancellationToken cancellationToken) => Task.CompletedTask;
}
