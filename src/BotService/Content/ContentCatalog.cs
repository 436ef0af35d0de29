using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace BotService.Content;

/// <summary>
/// Every word the bot says, per language, loaded from the <c>dialogs/</c> folder so peers can edit wording without
/// touching code. A message file looks like:
/// <code>
/// budget: 3            # the most SMS segments any message in this file may take
/// proactive: false     # true: sent unprompted (1 segment, discreet-mode rules apply)
/// messages:
///   welcome: "Hi, this is ..."
///   prompt: { text: "...", budget: 1, proactive: true }   # per-message override
/// </code>
/// Keys are "file.key" (onboarding.welcome). Files without a <c>messages:</c> map (the crisis concept files) are skipped.
/// </summary>
public sealed partial class ContentCatalog
{
    public const string DefaultLanguage = "en";
    private readonly FrozenDictionary<string, FrozenDictionary<string, ContentMessage>> _byLanguage;

    public ContentCatalog(IEnumerable<ContentMessage> messages)
    {
        _byLanguage = messages
            .GroupBy(m => m.Language, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToFrozenDictionary(m => m.Key, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Languages => _byLanguage.Keys;

    public IEnumerable<ContentMessage> Messages(string language) =>
        _byLanguage.TryGetValue(language, out var map) ? map.Values : [];

    public bool Contains(string language, string key) => _byLanguage.TryGetValue(language, out var map) && map.ContainsKey(key);

    /// <summary>The message for <paramref name="key"/> in the language, falling back to English (the content check
    /// in the tests makes sure every key exists in every language, so the fallback is a safety net only).</summary>
    public ContentMessage Message(string language, string key)
    {
        if (_byLanguage.TryGetValue(language, out var map) && map.TryGetValue(key, out var message)) return message;
        if (_byLanguage.TryGetValue(DefaultLanguage, out var fallback) && fallback.TryGetValue(key, out message)) return message;
        throw new KeyNotFoundException($"No content for '{key}' in dialogs/{language}/ or dialogs/{DefaultLanguage}/.");
    }

    /// <summary>The text with {placeholders} filled. Unknown placeholders are left visible rather than silently dropped.</summary>
    public string Text(string language, string key, params (string Name, object? Value)[] values)
    {
        var text = Message(language, key).Text;
        if (values.Length == 0) return text;
        return PlaceholderPattern().Replace(text, m =>
        {
            foreach (var (name, value) in values)
                if (name == m.Groups[1].Value) return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            return m.Value;
        });
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    internal static partial Regex PlaceholderPattern();

    /// <summary>Loads every dialogs/&lt;lang&gt;/*.yaml under <paramref name="root"/>.</summary>
    public static ContentCatalog LoadFrom(string root)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"Content folder '{root}' does not exist (setting Content:Root).");
        var messages = new List<ContentMessage>();
        foreach (var languageDir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var language = Path.GetFileName(languageDir);
            foreach (var file in Directory.GetFiles(languageDir, "*.yaml").Order(StringComparer.Ordinal))
                messages.AddRange(LoadFile(language, file));
        }
        return new ContentCatalog(messages);
    }

    private static IEnumerable<ContentMessage> LoadFile(string language, string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path, Encoding.UTF8))
        {
            try { yaml.Load(reader); }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new InvalidDataException($"{path} line {e.Start.Line}: {e.Message}", e);
            }
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root) yield break;
        if (!root.Children.TryGetValue(new YamlScalarNode("messages"), out var messagesNode) || messagesNode is not YamlMappingNode messages) yield break;

        var prefix = Path.GetFileNameWithoutExtension(path);
        var fileBudget = ReadInt(root, "budget") ?? 3;
        var fileProactive = ReadBool(root, "proactive") ?? false;
        foreach (var (keyNode, valueNode) in messages.Children)
        {
            var key = $"{prefix}.{((YamlScalarNode)keyNode).Value}";
            switch (valueNode)
            {
                case YamlScalarNode scalar:
                    yield return new ContentMessage(language, key, Clean(scalar.Value), fileBudget, fileProactive, path);
                    break;
                case YamlMappingNode map:
                    var text = map.Children.TryGetValue(new YamlScalarNode("text"), out var t) && t is YamlScalarNode ts ? ts.Value : null;
                    if (text is null) throw new InvalidDataException($"{path}: message '{key}' has no text.");
                    yield return new ContentMessage(language, key, Clean(text), ReadInt(map, "budget") ?? fileBudget, ReadBool(map, "proactive") ?? fileProactive, path);
                    break;
                default:
                    throw new InvalidDataException($"{path}: message '{key}' must be text or a map with text.");
            }
        }
    }

    // Folded YAML leaves a trailing newline; SMS counts every character.
    private static string Clean(string? text) => (text ?? "").Trim();

    private static int? ReadInt(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var n) && n is YamlScalarNode s && int.TryParse(s.Value, out var v) ? v : null;

    private static bool? ReadBool(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var n) && n is YamlScalarNode s && bool.TryParse(s.Value, out var v) ? v : null;
}
