using BotService.Messaging;

namespace BotService.Tests.Messaging;

public class SmsSegmentsTests
{
    private static string A(int n) => new('a', n);

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, 1, 1)]
    [InlineData(160, 1, 160)]
    [InlineData(161, 2, 161)]
    [InlineData(306, 2, 306)] // 153 * 2
    [InlineData(307, 3, 307)]
    [InlineData(459, 3, 459)] // 153 * 3
    [InlineData(1530, 10, 1530)]
    public void Gsm7_boundaries(int length, int segments, int units)
    {
        Assert.Equal((segments, SmsEncoding.Gsm7, units), SmsSegments.Count(A(length)));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)] // 67 * 2
    [InlineData(135, 3)]
    [InlineData(201, 3)] // 67 * 3
    public void Ucs2_boundaries(int length, int segments)
    {
        // One Cyrillic letter makes the whole message UCS-2.
        var body = "ж" + A(length - 1);
        Assert.Equal((segments, SmsEncoding.Ucs2, length), SmsSegments.Count(body));
    }

    [Theory]
    [InlineData("€", 2)]
    [InlineData("^", 2)]
    [InlineData("{", 2)]
    [InlineData("}", 2)]
    [InlineData("\\", 2)]
    [InlineData("[", 2)]
    [InlineData("~", 2)]
    [InlineData("]", 2)]
    [InlineData("|", 2)]
    [InlineData("\f", 2)]
    [InlineData("@£$¥", 4)]
    [InlineData("\n\r", 2)]
    [InlineData("ΔΦΓΛΩΠΨΣΘΞ", 10)]
    public void Extension_characters_cost_two_septets(string text, int units)
    {
        var (segments, encoding, counted) = SmsSegments.Count(text);
        Assert.Equal(1, segments);
        Assert.Equal(SmsEncoding.Gsm7, encoding);
        Assert.Equal(units, counted);
    }

    [Fact]
    public void Extension_character_at_the_single_message_boundary()
    {
        Assert.Equal((1, SmsEncoding.Gsm7, 160), SmsSegments.Count(A(158) + "€"));
        Assert.Equal((2, SmsEncoding.Gsm7, 161), SmsSegments.Count(A(159) + "€"));
        Assert.Equal((2, SmsEncoding.Gsm7, 161), SmsSegments.Count("{" + A(159)));
    }

    [Fact]
    public void Escape_sequence_is_never_split_across_parts()
    {
        // 152 + 2 + 152 = 306 septets: ceil(306/153) says 2, but the € cannot straddle the first boundary.
        Assert.Equal((3, SmsEncoding.Gsm7, 306), SmsSegments.Count(A(152) + "€" + A(152)));
        // Exactly fitting: 151 + € fills part one, 153 fill part two.
        Assert.Equal((2, SmsEncoding.Gsm7, 306), SmsSegments.Count(A(151) + "€" + A(153)));
    }

    [Fact]
    public void Emoji_counts_two_code_units_and_is_not_split()
    {
        Assert.Equal((1, SmsEncoding.Ucs2, 2), SmsSegments.Count("💜"));
        Assert.Equal((1, SmsEncoding.Ucs2, 70), SmsSegments.Count(A(68) + "💜"));
        Assert.Equal((2, SmsEncoding.Ucs2, 71), SmsSegments.Count(A(69) + "💜"));
        // 66 + pair: the pair would straddle 67, so it moves to part two with the rest (2 + 66 = 68 > 67: three parts).
        Assert.Equal((3, SmsEncoding.Ucs2, 134), SmsSegments.Count(A(66) + "💜" + A(66)));
        Assert.Equal((2, SmsEncoding.Ucs2, 134), SmsSegments.Count(A(65) + "💜" + A(67)));
    }

    [Theory]
    // In the GSM 03.38 basic table.
    [InlineData('é', true)]
    [InlineData('É', true)]
    [InlineData('è', true)]
    [InlineData('ù', true)]
    [InlineData('ì', true)]
    [InlineData('ò', true)]
    [InlineData('à', true)]
    [InlineData('Ç', true)]
    [InlineData('ñ', true)]
    [InlineData('Ñ', true)]
    [InlineData('ü', true)]
    [InlineData('Ü', true)]
    [InlineData('ä', true)]
    [InlineData('Ö', true)]
    [InlineData('¿', true)]
    [InlineData('¡', true)]
    [InlineData('§', true)]
    [InlineData('ß', true)]
    [InlineData('Å', true)]
    [InlineData('Ø', true)]
    [InlineData('_', true)]
    // Not in it: Spanish acute vowels other than é, lowercase ç, curly quotes, the en dash.
    [InlineData('á', false)]
    [InlineData('í', false)]
    [InlineData('ó', false)]
    [InlineData('ú', false)]
    [InlineData('Á', false)]
    [InlineData('Í', false)]
    [InlineData('Ó', false)]
    [InlineData('Ú', false)]
    [InlineData('ç', false)]
    [InlineData('’', false)]
    [InlineData('“', false)]
    [InlineData('–', false)]
    [InlineData('`', false)]
    [InlineData('\t', false)]
    public void Gsm7_table_membership(char c, bool gsm)
    {
        Assert.Equal(gsm, SmsSegments.IsGsm7(c));
        Assert.Equal(gsm ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2, SmsSegments.Count("x" + c).Encoding);
    }

    [Fact]
    public void Basic_table_has_127_printable_positions()
    {
        // 128 code points, one of which is the escape to the extension table.
        var all = Enumerable.Range(0, 0x2100).Select(i => (char)i).Count(c => SmsSegments.IsGsm7(c));
        Assert.Equal(127 + 10, all);
    }

    [Theory]
    [InlineData("Hola, ¿cómo estás?", SmsEncoding.Ucs2)] // ó, á
    [InlineData("Mañana a las 9. ¿Qué tal? Te extrañé.", SmsEncoding.Gsm7)]
    [InlineData("You're doing great.", SmsEncoding.Gsm7)]
    [InlineData("You’re doing great.", SmsEncoding.Ucs2)] // curly apostrophe from a word processor
    public void Real_messages(string body, SmsEncoding encoding)
    {
        Assert.Equal(encoding, SmsSegments.Count(body).Encoding);
    }
}
