namespace BotService.Safety.CrisisDetection;

/// <summary>
/// Turns a message into the sparse features the learned layer weighs: for each language, its corrected words, word
/// pairs, the concepts words carry and pairs of concepts near each other; and, language-neutral, runs of 3 to 5
/// letters, which survive typos and spellings no list foresaw. Features are hashed into a fixed number of slots
/// so the model's size does not grow with its vocabulary.
/// </summary>
internal static class CrisisFeatures
{
    internal const int SlotBits = 18;
    internal const int SlotCount = 1 << SlotBits;

    /// <summary>
    /// Texts shorter than this are left to the rules: in "HELP", "SAFE" or "no" one word would decide alone, and the
    /// shortest crisis texts ("help me", "goodbye", "kms") are the explicit ones the rules are written for. Three words
    /// ("she turned blue", "ya me encontro") already say enough for the layer (bench <c>crisis-cv</c>: better than four).
    /// </summary>
    internal const int MinWords = 3;

    // Concepts this many words apart or closer count as said together.
    private const int ConceptPairReach = 6;

    /// <summary>
    /// Distinct slots of a message's features, from its canonical tokens and each language's reading; none for a text
    /// of fewer than <see cref="MinWords"/> words.
    /// </summary>
    internal static int[] Extract(
        ReadOnlySpan<char> canon, ReadOnlySpan<RawToken> tokens, ReadOnlySpan<(ConceptLexicon Lexicon, ConceptReading? Reading)> readings)
    {
        var words = 0;
        foreach (var token in tokens)
        {
            words += (token.Flags & TokenFlags.Letter) != 0 ? 1 : 0;
        }

        if (words < MinWords)
        {
            return [];
        }

        var slots = new HashSet<int>();
        AddLetterRuns(canon, tokens, slots);
        foreach (var (lexicon, reading) in readings)
        {
            if (reading is not null)
            {
                AddReading(lexicon, reading, slots);
            }
        }

        var result = slots.ToArray();
        Array.Sort(result);
        return result;
    }

    private static void AddReading(ConceptLexicon lexicon, ConceptReading reading, HashSet<int> slots)
    {
        var language = Hash(lexicon.Language, 0x9e37u);
        var words = reading.Words;
        var wordSeed = Mix(language, 1);
        var pairSeed = Mix(language, 2);
        var conceptSeed = Mix(language, 3);
        var conceptPairSeed = Mix(language, 4);
        for (var i = 0; i < words.Length; i++)
        {
            var word = Hash(words[i], wordSeed);
            slots.Add(Slot(word));
            if (i + 1 < words.Length)
            {
                slots.Add(Slot(Mix(Hash(words[i + 1], word), pairSeed)));
            }

            var mask = reading.Masks[i];
            if (mask == 0)
            {
                continue;
            }

            foreach (var concept in Bits(mask))
            {
                slots.Add(Slot(Mix(conceptSeed, (uint)concept)));
                var last = Math.Min(words.Length - 1, i + ConceptPairReach);
                for (var j = i; j <= last; j++)
                {
                    foreach (var other in Bits(reading.Masks[j]))
                    {
                        if (other != concept || j != i)
                        {
                            var (low, high) = concept < other ? (concept, other) : (other, concept);
                            slots.Add(Slot(Mix(Mix(conceptPairSeed, (uint)low), (uint)high)));
                        }
                    }
                }
            }
        }
    }

    private static void AddLetterRuns(ReadOnlySpan<char> canon, ReadOnlySpan<RawToken> tokens, HashSet<int> slots)
    {
        Span<char> padded = stackalloc char[66];
        foreach (var token in tokens)
        {
            if ((token.Flags & TokenFlags.Letter) == 0 || token.CanonLength > 64)
            {
                continue;
            }

            // Spaces mark where a word starts and ends, so "die" at the start of a word differs from "indie".
            padded[0] = ' ';
            canon.Slice(token.CanonStart, token.CanonLength).CopyTo(padded[1..]);
            padded[token.CanonLength + 1] = ' ';
            var word = padded[..(token.CanonLength + 2)];
            for (var n = 3; n <= 5; n++)
            {
                for (var start = 0; start + n <= word.Length; start++)
                {
                    slots.Add(Slot(Hash(word.Slice(start, n), (uint)n)));
                }
            }
        }
    }

    private static IEnumerable<int> Bits(UInt128 mask)
    {
        for (var bit = 0; mask != 0; bit++, mask >>= 1)
        {
            if ((mask & 1) != 0)
            {
                yield return bit;
            }
        }
    }

    private static int Slot(uint hash) => (int)(hash & (SlotCount - 1));

    // FNV-1a: stable across processes and runtimes, unlike string.GetHashCode, so a model trains the same everywhere.
    private static uint Hash(ReadOnlySpan<char> text, uint seed)
    {
        var hash = 2166136261u ^ seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return Finish(hash);
    }

    private static uint Mix(uint hash, uint value) => Finish((hash ^ value) * 16777619u + 0x7feb352du);

    private static uint Finish(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85ebca6bu;
        hash ^= hash >> 13;
        return hash;
    }
}
