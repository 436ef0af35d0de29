using System.Globalization;
using System.Text;

namespace BotService.Safety.CrisisDetection;

/// <summary>
/// Language-neutral first pass: lower case, accents stripped, apostrophes kept only inside words,
/// runs of a repeated letter collapsed to one letter. Collapsing every double letter (not only long
/// runs) is deliberate: "dieeee", "killl" and "pils" then meet "die", "kill" and "pills" without any
/// guessing, because phrases go through the same pass. The price is harmless collisions ("too"/"to").
/// </summary>
internal static class CrisisTokenizer
{
    private const int FoldTableSize = 0x250;
    private static readonly char[] FoldTable = BuildFoldTable();

    /// <summary>Folds one char: lower case without accents; '\'' for any apostrophe look-alike; '\0' to drop.</summary>
    internal static char Fold(char c)
    {
        if (c < FoldTableSize)
        {
            return FoldTable[c];
        }

        switch (c)
        {
            case '\u2019':
            case '\u2018':
            case '\u02BC':
            case '\u2032':
                return '\'';
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
        {
            // Combining accents and zero-width joiners must not split "e\u0301" or emoji sequences into pieces.
            return '\0';
        }

        return char.ToLowerInvariant(c);
    }

    private static char[] BuildFoldTable()
    {
        var table = new char[FoldTableSize];
        for (var i = 0; i < FoldTableSize; i++)
        {
            var c = (char)i;
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format)
            {
                table[i] = '\0';
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            table[i] = decomposed.Length > 0 ? decomposed[0] : lower;
        }

        table['\''] = '\'';
        table['`'] = '\'';
        table['\u00B4'] = '\'';
        return table;
    }

    /// <summary>
    /// Splits <paramref name="text"/> into tokens. Every buffer must be at least <c>text.Length</c> long;
    /// folding never lengthens text, so a single pass with no resizing is enough.
    /// </summary>
    /// <summary>One word folded the way texts are: lower case, no accents, runs of a letter collapsed ("Leé" -> "le").</summary>
    internal static string FoldWord(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var folded = Fold(c);
            if (folded != '\0' && (builder.Length == 0 || builder[^1] != folded))
            {
                builder.Append(folded);
            }
        }

        return builder.ToString();
    }

    internal static int Tokenize(ReadOnlySpan<char> text, Span<char> raw, Span<char> canon, Span<RawToken> tokens)
    {
        var count = 0;
        var rawPos = 0;
        var canonPos = 0;
        var wordStart = -1;
        var flags = TokenFlags.None;

        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];

            if (c >= 0x2000)
            {
                if (Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done
                    && Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol)
                {
                    EndWord(ref count, ref rawPos, ref canonPos, ref wordStart, ref flags, raw, canon, tokens);
                    text.Slice(i, consumed).CopyTo(raw[rawPos..]);
                    text.Slice(i, consumed).CopyTo(canon[canonPos..]);
                    tokens[count++] = new RawToken(rawPos, consumed, canonPos, consumed, TokenFlags.Symbol);
                    rawPos += consumed;
                    canonPos += consumed;
                    i += consumed;
                    continue;
                }
            }

            var f = Fold(c);
            i++;

            if (f == '\0')
            {
                continue;
            }

            if (f == '\'')
            {
                // Only an apostrophe inside a word matters ("don't", "od'd"); quotes around words are punctuation.
                if (wordStart >= 0 && raw[rawPos - 1] != '\'')
                {
                    raw[rawPos++] = '\'';
                    flags |= TokenFlags.Apostrophe;
                }

                continue;
            }

            var isLetter = char.IsLetter(f);
            if (!isLetter && !char.IsDigit(f))
            {
                EndWord(ref count, ref rawPos, ref canonPos, ref wordStart, ref flags, raw, canon, tokens);
                continue;
            }

            if (wordStart < 0)
            {
                wordStart = rawPos;
            }
            else if (isLetter && raw[rawPos - 1] == f)
            {
                continue;
            }

            raw[rawPos++] = f;
            flags |= isLetter ? TokenFlags.Letter : TokenFlags.Digit;
        }

        EndWord(ref count, ref rawPos, ref canonPos, ref wordStart, ref flags, raw, canon, tokens);
        return count;
    }

    private static void EndWord(
        ref int count, ref int rawPos, ref int canonPos, ref int wordStart, ref TokenFlags flags,
        Span<char> raw, Span<char> canon, Span<RawToken> tokens)
    {
        if (wordStart < 0)
        {
            return;
        }

        if (raw[rawPos - 1] == '\'')
        {
            rawPos--;
        }

        var rawLength = rawPos - wordStart;
        var hasApostrophe = raw.Slice(wordStart, rawLength).Contains('\'');
        if (!hasApostrophe)
        {
            flags &= ~TokenFlags.Apostrophe;
        }

        var canonStart = canonPos;
        var previous = '\0';
        for (var k = wordStart; k < rawPos; k++)
        {
            var ch = raw[k];
            if (ch == '\'')
            {
                continue;
            }

            // Letters either side of an apostrophe can repeat ("od'd"); collapse them in the canonical form too.
            if (ch == previous && char.IsLetter(ch))
            {
                continue;
            }

            canon[canonPos++] = ch;
            previous = ch;
        }

        tokens[count++] = new RawToken(wordStart, rawLength, canonStart, canonPos - canonStart, flags);
        wordStart = -1;
        flags = TokenFlags.None;
    }
}
