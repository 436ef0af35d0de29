using BotService.Messaging;
using Microsoft.Extensions.Options;

namespace BotService.Turns;

/// <summary>Until escalation lands: nobody is a volunteer and no relay is open.</summary>
internal sealed class NoVolunteerRouter : IVolunteerRouter
{
    public Task<TurnReply?> TryHandleVolunteerAsync(InboundMessage message, CancellationToken lookupBudget, CancellationToken cancellationToken) =>
        Task.FromResult<TurnReply?>(null);

    public Task<TurnReply?> TryRelayFromMemberAsync(InboundMessage message, string memberKey, string language, CancellationToken cancellationToken) =>
        Task.FromResult<TurnReply?>(null);

    public Task<bool> HasOpenCaseAsync(string memberKey, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task MemberWentQuietAsync(string memberKey, DateTimeOffset until, CancellationToken cancellationToken) => Task.CompletedTask;
}
