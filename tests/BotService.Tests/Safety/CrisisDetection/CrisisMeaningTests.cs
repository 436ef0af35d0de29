using BotService.Safety.CrisisDetection;

namespace BotService.Tests.Safety.CrisisDetection;

/// <summary>
/// The kinds of text the phrase-list detector missed (issue 13): typos in short words, indirect wording, means and
/// plans, farewells, sexual and domestic violence beyond hitting, Spanish self-harm and overdose. The examples are of
/// each kind, written for these tests; the evaluation corpus measures the same on texts written elsewhere.
/// </summary>
public sealed class CrisisMeaningTests
{
    private static CrisisAssessment Assess(string text) => CrisisTestSupport.Detector.Assess(text);

    [Theory]
    [InlineData("i wnat to die")]
    [InlineData("gonna kil myself")]
    [InlineData("me kiero morir")]
    [InlineData("i wamt to die")]
    [InlineData("shes od'ing")]
    [InlineData("i tok too many pils")]
    public void Slips_in_short_words_are_read_as_meant(string text) =>
        Assert.True(Assess(text).PagesVolunteers, $"{text} -> {Assess(text)}");

    [Theory]
    [InlineData("i want to dye my hair")]
    [InlineData("i need to skill up for the new job")]
    [InlineData("the bill came and it's a killer")]
    [InlineData("kiosk at the mall")]
    public void Real_words_one_slip_away_from_a_crisis_word_are_left_alone(string text) =>
        Assert.False(Assess(text).PagesVolunteers, $"{text} -> {Assess(text)}");

    [Theory]
    [InlineData("honestly no point going on")]
    [InlineData("nobody would even notice if i was gone")]
    [InlineData("it would be better if i didnt exist")]
    [InlineData("there is no reason to keep living")]
    [InlineData("i'm ready to end it")]
    [InlineData("ya no tiene sentido seguir")]
    [InlineData("estarian mejor sin mi")]
    public void Indirect_wording_pages(string text) =>
        Assert.True(Assess(text).PagesVolunteers, $"{text} -> {Assess(text)}");

    [Theory]
    [InlineData("i have the pills in my hand")]
    [InlineData("counted out all my pills tonight")]
    [InlineData("i'm standing on the bridge")]
    [InlineData("how many tylenol does it take")]
    [InlineData("going to jump off the roof")]
    [InlineData("tengo las pastillas listas")]
    [InlineData("ya compre la cuerda")]
    public void Means_and_plans_are_imminent(string text) =>
        Assert.Equal(CrisisSeverity.Imminent, Assess(text).Severity);

    [Theory]
    [InlineData("goodbye everyone")]
    [InlineData("this is my last text. i love you all. im sorry")]
    [InlineData("wrote letters to my kids so they know it wasnt their fault")]
    [InlineData("adios a todos, perdonenme")]
    public void Farewells_page(string text) =>
        Assert.True(Assess(text).PagesVolunteers, $"{text} -> {Assess(text)}");

    [Theory]
    [InlineData("he raped me", CrisisCategory.SexualViolence)]
    [InlineData("me violaron", CrisisCategory.SexualViolence)]
    [InlineData("i was assaulted last night", CrisisCategory.SexualViolence)]
    [InlineData("he took my phone and says hes taking the kids", CrisisCategory.Violence)]
    [InlineData("he threatened to take the kids away if i leave", CrisisCategory.Violence)]
    [InlineData("he took my keys and locked me in", CrisisCategory.Violence)]
    [InlineData("i'm not safe at home", CrisisCategory.Violence)]
    [InlineData("me va a quitar a mis hijos", CrisisCategory.Violence)]
    [InlineData("he choked me last night", CrisisCategory.Violence)]
    [InlineData("he said he will call the police if i take the kids", CrisisCategory.Violence)]
    public void Violence_beyond_hitting_pages_with_the_right_category(string text, CrisisCategory category)
    {
        var assessment = Assess(text);
        Assert.True(assessment.PagesVolunteers, $"{text} -> {assessment}");
        Assert.Equal(category, assessment.Category);
    }

    [Theory]
    [InlineData("me estoy cortando", CrisisCategory.SelfHarm)]
    [InlineData("tome demasiadas pastillas", CrisisCategory.Overdose)]
    [InlineData("i took too many", CrisisCategory.Overdose)]
    [InlineData("i think i overdosed", CrisisCategory.Overdose)]
    [InlineData("she isnt breathing", CrisisCategory.OverdoseOther)]
    [InlineData("my friend took too much and wont wake up", CrisisCategory.OverdoseOther)]
    [InlineData("mi amiga no respira", CrisisCategory.OverdoseOther)]
    public void Overdose_tells_her_from_someone_with_her(string text, CrisisCategory category)
    {
        var assessment = Assess(text);
        Assert.True(assessment.PagesVolunteers, $"{text} -> {assessment}");
        Assert.Equal(category, assessment.Category);
    }

    [Theory]
    [InlineData("this heat is killing me")]
    [InlineData("me muero de risa")]
    [InlineData("2 years clean since my overdose and feeling strong")]
    [InlineData("cutting onions for the salsa")]
    [InlineData("my phone is dying")]
    [InlineData("im dying to see the kids")]
    [InlineData("ay me mato de la risa con los videos")]
    [InlineData("hoy me mato estudiando pal examen")]
    [InlineData("do you call the police if i say im using")]
    [InlineData("quien lee mis mensajes?")]
    public void Idioms_and_recovery_talk_never_page(string text) =>
        Assert.False(Assess(text).PagesVolunteers, $"{text} -> {Assess(text)}");

    [Theory]
    [InlineData("i dont want to be alive")]
    [InlineData("i cant keep going")]
    [InlineData("no quiero seguir viviendo")]
    [InlineData("me mato estudiando y ya no quiero vivir")]
    [InlineData("i'm not going to kill myself. i just want to sleep forever")]
    public void Negation_never_suppresses(string text) =>
        Assert.True(Assess(text).PagesVolunteers, $"{text} -> {Assess(text)}");

    [Fact]
    public void A_joke_gets_the_crisis_lines_but_no_page()
    {
        var joke = Assess("i want to die lol");
        Assert.Equal(CrisisSeverity.Concern, joke.Severity);
        Assert.True(joke.IsFlagged);
        Assert.Equal(CrisisSeverity.High, Assess("i want to die lol. i mean it").Severity);
    }

    [Fact]
    public void Code_switching_is_read_in_both_languages() =>
        Assert.True(Assess("estoy bien pero i want to die").PagesVolunteers);

    [Theory]
    [InlineData("\0i want to die")]
    [InlineData("i want\u202E to die")]
    [InlineData("i w\u200Bant to die")]
    public void Control_and_invisible_characters_do_not_hide_a_crisis(string text) =>
        Assert.True(Assess(text).PagesVolunteers, $"{text} -> {Assess(text)}");

    [Theory]
    [InlineData("🙂🙂🙂🙂")]
    [InlineData("Ω≈ç√∫˜µ≤≥÷ 田中さん Привет مرحبا")]
    [InlineData("\u0000\u0001\u0002\u001b[31m")]
    public void Odd_input_is_answered_without_a_page(string text) =>
        Assert.False(Assess(text).PagesVolunteers);
}
