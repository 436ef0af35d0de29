using System.Globalization;
using System.Text.RegularExpressions;

namespace BotService.Safety.CrisisDetection;

/// <summary>
/// "These concepts, in any order, within this many words, mean this severity and category."
/// Written in the concept file as <c>self + want + die</c> or <c>self + means + time (within 12)</c>.
/// </summary>
internal sealed partial class ConceptRule
{
    internal const int DefaultWindow = 8;
    private const int MaxWindow = 40;

    private ConceptRule(string id, CrisisSeverity severity, CrisisCategory category, UInt128 concepts, int window, int order)
    {
        Id = id;
        Severity = severity;
        Category = category;
        Concepts = concepts;
        Window = window;
        Order = order;
    }

    public string Id { get; }

    public CrisisSeverity Severity { get; }

    public CrisisCategory Category { get; }

    /// <summary>One bit per concept that must be present.</summary>
    public UInt128 Concepts { get; }

    /// <summary>Largest span, in words, that may hold all the concepts.</summary>
    public int Window { get; }

    /// <summary>Position in the file; breaks ties between equally strong, equally tight matches.</summary>
    public int Order { get; }

    internal static ConceptRule Parse(
        string text, CrisisSeverity severity, CrisisCategory category, string idPrefix,
        IReadOnlyDictionary<string, int> conceptIndex, int order, string sourceName)
    {
        var window = DefaultWindow;
        var body = text.Trim();
        var within = WithinClause().Match(body);
        if (within.Success)
        {
            window = int.Parse(within.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
            if (window is < 1 or > MaxWindow)
            {
                throw new InvalidDataException($"{sourceName}: rule '{text}': 'within' must be 1 to {MaxWindow} words.");
            }

            body = body[..within.Index].Trim();
        }

        var names = body.Split('+', StringSplitOptions.TrimEntries);
        if (names.Length == 0 || names.Any(string.IsNullOrEmpty))
        {
            throw new InvalidDataException($"{sourceName}: rule '{text}': write concept names joined by '+', e.g. 'self + want + die'.");
        }

        UInt128 mask = 0;
        foreach (var name in names)
        {
            if (!conceptIndex.TryGetValue(name, out var bit))
            {
                throw new InvalidDataException($"{sourceName}: rule '{text}': no concept named '{name}' under concepts:.");
            }

            mask |= UInt128.One << bit;
        }

        window = Math.Max(window, names.Length);
        return new ConceptRule($"{idPrefix}.{string.Join('+', names)}", severity, category, mask, window, order);
    }

    /// <summary>
    /// The shortest run of words holding every concept of the rule (start and length), or length -1 when there
    /// is none within the window. Words are scanned once per start position, at most <see cref="Window"/> ahead.
    /// </summary>
    internal (int Start, int Length) ShortestSpan(ReadOnlySpan<UInt128> masks)
    {
        var best = -1;
        var bestStart = -1;
        for (var start = 0; start < masks.Length; start++)
        {
            if ((masks[start] & Concepts) == 0)
            {
                continue;
            }

            UInt128 seen = 0;
            var last = Math.Min(masks.Length, start + Window);
            for (var end = start; end < last; end++)
            {
                seen |= masks[end] & Concepts;
                if (seen == Concepts)
                {
                    var span = end - start + 1;
                    if (best < 0 || span < best)
                    {
                        (best, bestStart) = (span, start);
                    }

                    break;
                }
            }

            if (best == 1)
            {
                break;
            }
        }

        return (bestStart, best);
    }

    [GeneratedRegex(@"\(\s*within\s+(\d+)\s*\)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WithinClause();
}
