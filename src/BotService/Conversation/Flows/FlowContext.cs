using System.Globalization;
using BotService.Content;
using BotService.Dialogs;
using BotService.Members;
using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.Conversation.Flows;

/// <summary>Singleton services the dialogs use. Dialogs are built once, so they reach these through the turn.</summary>
public sealed class FlowServices(
    ContentCatalog content, KeyedHasher hasher, FieldEncryptor encryptor, IOptions<ConversationOptions> options,
    CheckInStore checkIns, StrategyCounterStore strategies, IPeerSupportQueue peers, ICheckInTimePolicy timePolicy,
    IOpenCheckInLookup openCheckIns, MemberRepository members, IEnumerable<IMemberDataEraser> erasers)
{
    public ContentCatalog Content { get; } = content;
    public KeyedHasher Hasher { get; } = hasher;
    public FieldEncryptor Encryptor { get; } = encryptor;
    public ConversationOptions Options { get; } = options.Value;
    public CheckInStore CheckIns { get; } = checkIns;
    public StrategyCounterStore Strategies { get; } = strategies;
    public IPeerSupportQueue Peers { get; } = peers;
    public ICheckInTimePolicy TimePolicy { get; } = timePolicy;
    public IOpenCheckInLookup OpenCheckIns { get; } = openCheckIns;
    public MemberRepository Members { get; } = members;
    public IEnumerable<IMemberDataEraser> Erasers { get; } = erasers;

    public string CodeWordHash(string word) => Hasher.Hash("codeword", GlobalCommands.NormalizeWord(word));
}

/// <summary>
/// One turn as the dialogs see it: who (by key), her profile, the clock, and the writes to make once the turn commits.
/// Dialogs never write storage themselves: the pipeline saves the dialog state first (ETag-guarded) and only then
/// applies <see cref="Effects"/>, so a turn that lost a race is re-run without having written anything.
/// </summary>
public sealed class FlowContext(FlowServices services, string memberKey, string channel, string address, DateTimeOffset now)
{
    public FlowServices Services { get; } = services;
    public string MemberKey { get; } = memberKey;
    public string Channel { get; } = channel;
    /// <summary>Her address in clear, in memory for this turn only (encrypted before it is stored).</summary>
    public string Address { get; } = address;
    public DateTimeOffset Now { get; } = now;
    public MemberProfile? Profile { get; set; }
    public string Language { get; set; } = "en";
    public bool ProfileChanged { get; set; }
    /// <summary>Delete everything about her (erase, or no consent) instead of saving.</summary>
    public bool EraseAll { get; set; }
    public List<Func<CancellationToken, Task>> Effects { get; } = [];

    public bool Discreet => Profile?.Discreet == true;

    /// <summary>Discreet mode, or her code word still holds: whoever reads the screen must learn nothing from it.</summary>
    public bool Neutral => Discreet || Profile?.SilencedUntil > Now;

    /// <summary>Her words: the discreet variant of a message when she asked for discretion and one exists.</summary>
    public string T(string key, params (string Name, object? Value)[] values)
    {
        if (Neutral && Services.Content.Contains(Language, key + "_discreet")) key += "_discreet";
        return Services.Content.Text(Language, key, values);
    }

    public string FormatTime(TimeOnly time) => Language == "es"
        ? time.ToString("H:mm", CultureInfo.InvariantCulture)
        : time.ToString("h:mm tt", CultureInfo.InvariantCulture);

    public TimeZoneInfo? Zone => Profile?.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    public DateOnly LocalToday => DateOnly.FromDateTime(Zone is { } z ? TimeZoneInfo.ConvertTime(Now, z).DateTime : Now.UtcDateTime);

    public void MarkProfileChanged() => ProfileChanged = true;
}

public static class FlowTurnExtensions
{
    public static FlowContext Flow(this ITurnContext turn) =>
        turn.TurnState.Get<FlowContext>() ?? throw new InvalidOperationException("The turn has no FlowContext.");

    public static Task SayAsync(this ITurnContext turn, string key, params (string Name, object? Value)[] values) =>
        turn.SendActivityAsync(turn.Flow().T(key, values));
}
