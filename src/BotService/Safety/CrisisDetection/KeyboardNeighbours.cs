namespace BotService.Safety.CrisisDetection;

/// <summary>
/// Which letters sit next to each other on a phone's QWERTY keyboard (and, for the old keypad, share a key).
/// A short word is only corrected through a slip to a neighbouring key: "kil" for "kill" is a slip,
/// "bill" for "kill" is another word.
/// </summary>
internal static class KeyboardNeighbours
{
    private static readonly string[] Rows = ["qwertyuiop", "asdfghjkln", "zxcvbnm"];

    // Multi-tap keypads: letters on one key are easy to mistype for each other.
    private static readonly string[] Keypad = ["abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"];

    private static readonly bool[,] Adjacent = Build();

    internal static bool AreNeighbours(char a, char b) =>
        a is >= 'a' and <= 'z' && b is >= 'a' and <= 'z' && Adjacent[a - 'a', b - 'a'];

    private static bool[,] Build()
    {
        var table = new bool[26, 26];
        void Link(char a, char b)
        {
            if (a is >= 'a' and <= 'z' && b is >= 'a' and <= 'z' && a != b)
            {
                table[a - 'a', b - 'a'] = true;
                table[b - 'a', a - 'a'] = true;
            }
        }

        for (var r = 0; r < Rows.Length; r++)
        {
            var row = Rows[r];
            for (var i = 0; i < row.Length; i++)
            {
                if (i + 1 < row.Length)
                {
                    Link(row[i], row[i + 1]);
                }

                // Keys of the next row sit half a key to the right: the same index and the one before touch.
                if (r + 1 < Rows.Length)
                {
                    var below = Rows[r + 1];
                    if (i < below.Length)
                    {
                        Link(row[i], below[i]);
                    }

                    if (i - 1 >= 0 && i - 1 < below.Length)
                    {
                        Link(row[i], below[i - 1]);
                    }
                }
            }
        }

        foreach (var key in Keypad)
        {
            foreach (var a in key)
            {
                foreach (var b in key)
                {
                    Link(a, b);
                }
            }
        }

        return table;
    }
}
