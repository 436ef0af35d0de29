using BotService.Content;
using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.Members;

/// <summary>Singleton services every dialog uses. Dialogs are built once, so they reach these through the turn; a
/// dialog that needs a feature's own store gets it when the dialog set is built.</summary>
public sealed class FlowServices(
    ContentCatalog content, KeyedHasher hasher, FieldEncryptor encryptor, IOptions<MemberOptions> options,
    QuietHoursPolicy quietHours, MemberRepository members)
{
    public ContentCatalog Content { get; } = content;
    public KeyedHasher Hasher { get; } = hasher;
    public FieldEncryptor Encryptor { get; } = encryptor;
    public MemberOptions Options { get; } = options.Value;
    public QuietHoursPolicy QuietHours { get; } = quietHours;
    public MemberRepository Members { get; } = members;

    public string CodeWordHash(string word) => Hasher.Hash("codeword", GlobalCommands.NormalizeWord(word));
}
