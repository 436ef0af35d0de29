using BotService.Dialogs;
using BotService.Dialogs.Recognizers;

namespace BotService.Tests.Dialogs;

public class NumberRecognizerTests
{
    [Theory]
    [InlineData("3", "en", 3)]
    [InlineData(" 3!", "en", 3)]
    [InlineData("3/5", "en", 3)]
    [InlineData("i'm a 3", "en", 3)]
    [InlineData("its like a 3 today", "en", 3)]
    [InlineData("three", "en", 3)]
    [InlineData("THREE", "en", 3)]
    [InlineData("a 10", "en", 10)]
    [InlineData("zero", "en", 0)]
    [InlineData("#2", "en", 2)]
    [InlineData("3rd", "en", 3)]
    [InlineData("tres", "es", 3)]
    [InlineData("cero", "es", 0)]
    [InlineData("un 4", "es", 4)]
    [InlineData("como un cinco", "es", 5)]
    [InlineData("dieciséis", "es", 16)]
    [InlineData("estoy en 2", "es", 2)]
    [InlineData("three", "es", 3)]
    [InlineData("tres", "en", 3)]
    public void Finds_the_first_number(string text, string language, int expected)
        => Assert.Equal(expected, NumberRecognizer.Recognize(text, language));

    [Theory]
    [InlineData("", "en")]
    [InlineData("   ", "en")]
    [InlineData(null, "en")]
    [InlineData("banana", "en")]
    [InlineData("a lot", "en")]
    [InlineData("no sé", "es")]
    [InlineData("99999999999", "en")]
    public void No_number(string? text, string language)
        => Assert.Null(NumberRecognizer.Recognize(text, language));
}

public class MoodRecognizerTests
{
    [Theory]
    [InlineData("great", "en", 5)]
    [InlineData("Amazing!!", "en", 5)]
    [InlineData("good", "en", 4)]
    [InlineData("pretty good", "en", 4)]
    [InlineData("meh", "en", 3)]
    [InlineData("ok", "en", 3)]
    [InlineData("not bad", "en", 3)]
    [InlineData("so-so", "en", 3)]
    [InlineData("bad", "en", 2)]
    [InlineData("not good", "en", 2)]
    [InlineData("not great tbh", "en", 2)]
    [InlineData("awful", "en", 1)]
    [InlineData("really bad day", "en", 1)]
    [InlineData("muy bien", "es", 5)]
    [InlineData("bien", "es", 4)]
    [InlineData("asi asi", "es", 3)]
    [InlineData("así así", "es", 3)]
    [InlineData("más o menos", "es", 3)]
    [InlineData("regular", "es", 3)]
    [InlineData("mal", "es", 2)]
    [InlineData("no muy bien", "es", 2)]
    [InlineData("muy mal", "es", 1)]
    [InlineData("FATAL", "es", 1)]
    [InlineData("bien", "en", 4)]
    [InlineData("awful", "es", 1)]
    public void Maps_mood_words_to_the_scale(string text, string language, int expected)
        => Assert.Equal(expected, MoodRecognizer.Recognize(text, language));

    [Theory]
    [InlineData("banana", "en")]
    [InlineData("", "es")]
    [InlineData("malo", "es")]
    public void Not_a_mood(string text, string language)
        => Assert.Null(MoodRecognizer.Recognize(text, language));
}

public class ConfirmRecognizerTests
{
    [Theory]
    [InlineData("y", "en", true)]
    [InlineData("Yes", "en", true)]
    [InlineData("yeah", "en", true)]
    [InlineData("yep!", "en", true)]
    [InlineData("ya", "en", true)]
    [InlineData("sure", "en", true)]
    [InlineData("ok", "en", true)]
    [InlineData("yes please", "en", true)]
    [InlineData("n", "en", false)]
    [InlineData("no", "en", false)]
    [InlineData("NOPE", "en", false)]
    [InlineData("nah", "en", false)]
    [InlineData("no thanks", "en", false)]
    [InlineData("si", "es", true)]
    [InlineData("sí", "es", true)]
    [InlineData("Sí, claro", "es", true)]
    [InlineData("claro", "es", true)]
    [InlineData("dale", "es", true)]
    [InlineData("no", "es", false)]
    [InlineData("no gracias", "es", false)]
    [InlineData("yes", "es", true)]
    [InlineData("si", "en", true)]
    public void Understands_yes_and_no(string text, string language, bool expected)
        => Assert.Equal(expected, ConfirmRecognizer.Recognize(text, language));

    [Theory]
    [InlineData("STOP", "en")]
    [InlineData("stop", "es")]
    [InlineData("cancel", "en")]
    [InlineData("no, stop", "en")]
    [InlineData("parar", "es")]
    [InlineData("no sé", "es")]
    [InlineData("not sure", "en")]
    [InlineData("maybe", "en")]
    [InlineData("banana", "en")]
    [InlineData("", "en")]
    public void Opt_out_and_unsure_answers_are_not_answers(string text, string language)
        => Assert.Null(ConfirmRecognizer.Recognize(text, language));
}

public class ChoiceRecognizerTests
{
    private static readonly List<Choice> Choices =
    [
        new("Talk to a peer", "peer", "hablar"),
        new("Coping tips", "tips", "consejos"),
        new("Meetings", "reuniones", "juntas"),
        new("Check in"),
    ];

    [Theory]
    [InlineData("2", "en", 1)]
    [InlineData("#2", "en", 1)]
    [InlineData("2.", "en", 1)]
    [InlineData(" 3 ", "en", 2)]
    [InlineData("option 4", "en", 3)]
    [InlineData("two", "en", 1)]
    [InlineData("talk to a peer", "en", 0)]
    [InlineData("TALK TO A PEER", "en", 0)]
    [InlineData("i want to talk to a peer", "en", 0)]
    [InlineData("peer", "en", 0)]
    [InlineData("tips", "en", 1)]
    [InlineData("meetngs", "en", 2)]
    [InlineData("metings", "en", 2)]
    [InlineData("Meetings please", "en", 2)]
    [InlineData("coping", "en", 1)]
    [InlineData("check", "en", 3)]
    [InlineData("dos", "es", 1)]
    [InlineData("la 3", "es", 2)]
    [InlineData("hablar", "es", 0)]
    [InlineData("Consejos", "es", 1)]
    [InlineData("reuniónes", "es", 2)]
    [InlineData("reunions", "es", 2)]
    [InlineData("consejo", "es", 1)]
    public void Finds_the_choice(string text, string language, int expectedIndex)
    {
        var found = ChoiceRecognizer.Recognize(text, Choices, language);
        Assert.NotNull(found);
        Assert.Equal(expectedIndex, found.Index);
        Assert.Equal(Choices[expectedIndex].Value, found.Value);
    }

    [Theory]
    [InlineData("5", "en")]
    [InlineData("0", "en")]
    [InlineData("banana", "en")]
    [InlineData("tip", "en")]
    [InlineData("peer tips", "en")]
    [InlineData("i talked to my sponsor about 2 things today", "en")]
    [InlineData("", "es")]
    [InlineData("nada", "es")]
    public void Does_not_guess(string text, string language)
        => Assert.Null(ChoiceRecognizer.Recognize(text, Choices, language));

    [Fact]
    public void A_title_that_looks_like_a_number_is_matched_by_title()
    {
        List<Choice> times = [new("8 am"), new("12 pm"), new("8 pm")];
        Assert.Equal(2, ChoiceRecognizer.Recognize("8 PM", times)!.Index);
        Assert.Equal(1, ChoiceRecognizer.Recognize("2", times)!.Index);
    }
}

public class TimeRecognizerTests
{
    [Theory]
    [InlineData("8", "en", "08:00")]
    [InlineData("8am", "en", "08:00")]
    [InlineData("8 am", "en", "08:00")]
    [InlineData("8 a.m.", "en", "08:00")]
    [InlineData("8pm", "en", "20:00")]
    [InlineData("8 PM", "en", "20:00")]
    [InlineData("8:30 pm", "en", "20:30")]
    [InlineData("830pm", "en", "20:30")]
    [InlineData("1230am", "en", "00:30")]
    [InlineData("12pm", "en", "12:00")]
    [InlineData("20:00", "en", "20:00")]
    [InlineData("at 7:15", "en", "07:15")]
    [InlineData("noon", "en", "12:00")]
    [InlineData("midnight", "en", "00:00")]
    [InlineData("eight pm", "en", "20:00")]
    [InlineData("9 in the morning", "en", "09:00")]
    [InlineData("mediodía", "es", "12:00")]
    [InlineData("mediodia", "es", "12:00")]
    [InlineData("8 de la mañana", "es", "08:00")]
    [InlineData("8 de la noche", "es", "20:00")]
    [InlineData("a las 3 de la tarde", "es", "15:00")]
    [InlineData("ocho de la noche", "es", "20:00")]
    [InlineData("12 de la noche", "es", "00:00")]
    [InlineData("20h00", "es", "20:00")]
    [InlineData("8pm", "es", "20:00")]
    [InlineData("noon", "es", "12:00")]
    public void Reads_the_time_of_day(string text, string language, string expected)
        => Assert.Equal(TimeOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TimeRecognizer.Recognize(text, language));

    [Theory]
    [InlineData("25:00", "en")]
    [InlineData("8:75", "en")]
    [InlineData("13am", "en")]
    [InlineData("banana", "en")]
    [InlineData("", "en")]
    [InlineData("mañana", "es")]
    [InlineData("cuando sea", "es")]
    public void Rejects_what_is_not_a_time(string text, string language)
        => Assert.Null(TimeRecognizer.Recognize(text, language));
}
