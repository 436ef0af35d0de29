using System.Globalization;
using BotService.CheckIns;
using BotService.Content;
using BotService.Coping;
using BotService.Dialogs;
using BotService.Members;
using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.Turns;

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
