using System.Collections.Concurrent;
using BotService.Volunteers;

namespace BotService.Tests.Volunteers;

/// <summary>Keeps every follow-up the escalation asks for instead of scheduling it.</summary>
public sealed class RecordingFollowUps : IFollowUpScheduler
{
    public ConcurrentQueue<(string MemberKey, DateTimeOffset DueAt)> Requests { get; } = new();

    public Task RequestFollowUpAsync(FollowUpRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.MemberKey, request.DueAt));
        return Task.CompletedTask;
    }
}
