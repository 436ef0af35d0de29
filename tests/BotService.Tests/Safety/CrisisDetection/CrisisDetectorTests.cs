using System.Text;
using BotService.Safety.CrisisDetection;

namespace BotService.Tests.Safety.CrisisDetection;

public sealed class CrisisDetectorTests
{
    private static CrisisDetector Detector => CrisisTestSupport.Detector;

    private static CrisisSeverity Severity(string text) => Detector.Assess(text).Severity;

    // ------------------------------------------------------------------ normalization

    [Theory]
    [InlineData("I'M GONNA DIEEEE!!!", "i am going to die")]
    [InlineData("plzzz", "please")]
    [InlineData("want 2 die", "want to die")]
    [InlineData("idk   u know", "i do not know you know")]
    [InlineData("cant dont wont", "can not do not wil not")]
    [InlineData("can’t", "can not")]
    [InlineData("kms", "kil myself")]
    [InlineData("killmyself", "kil myself")]
    [InlineData("my friend od'd", "my friend overdosed")]
    [InlineData("she is ODing", "she is overdosing")]
    [InlineData("2nite", "tonight")]
    [InlineData("some1", "someone")]
    [InlineData("lmao 😂", "lol lol")]
    [InlineData("\"quoted\" -- words...", "quoted words")]
    public void English_normalization(string input, string expected) =>
        Assert.Equal(expected, Detector.Normalize(input, "en"));

    [Theory]
    [InlineData("me kiero morir", "me quiero morir")]
    [InlineData("xq q", "porque que")]
    [InlineData("RECAÍ mañana", "recai manana")]
    [InlineData("Ayudaaaa", "ayuda")]
    [InlineData("e\u0301l esta\u0301", "el esta")]
    public void Spanish_normalization(string input, string expected) =>
        Assert.Equal(expected, Detector.Normalize(input, "es"));

    [Fact]
    public void Spanish_shortcuts_do_not_leak_into_english()
    {
        Assert.Equal("k", Detector.Normalize("k", "en"));
        Assert.Equal("que", Detector.Normalize("k", "es"));
    }

    // ------------------------------------------------------------------ typo tolerance

    [Theory]
    [InlineData("sucide", "suicide")]        // deletion
    [InlineData("suicdie", "suicide")]       // transposition
    [InlineData("overdoze", "overdose")]     // substitution
    [InlineData("suiciide", "suicide")]      // repeated letter
    [InlineData("suixcide", "suicide")]      // insertion
    public void One_letter_typos_in_long_words_are_corrected(string typo, string expected) =>
        Assert.Equal(expected, Detector.Normalize(typo, "en"));

    [Theory]
    [InlineData("thinking about sucide", CrisisSeverity.High)]
    [InlineData("i feel suicdial", CrisisSeverity.High)]
    [InlineData("i think i overdozed", CrisisSeverity.Imminent)]
    [InlineData("took too many pils", CrisisSeverity.Imminent)]
    [InlineData("i want to kill mysefl", CrisisSeverity.Imminent)]
    [InlineData("voy a suicidrame", CrisisSeverity.Imminent)]
    public void Typos_do_not_hide_a_crisis(string text, CrisisSeverity expected) =>
        Assert.Equal(expected, Severity(text));

    [Theory]
    [InlineData("i want to dye my hair")]       // short words are never guessed at
    [InlineData("i'm cooking dinner for him")]  // listed under not-typos: must not become "choking"
    [InlineData("tired of giving and giving")]  // not "tired of living"
    [InlineData("so lovely out")]               // not "so lonely"
    [InlineData("estoy ahorrando pa un carro usado")]  // an inflected word missing from the vocabulary: not "ahorcando"
    [InlineData("mi novio anda de malas hoy")]         // not "balas"
    public void Real_words_near_crisis_words_are_left_alone(string text) =>
        // Spelling correction is the rules' step; the learned layer is judged on meaning in CrisisLearnedLayerTests.
        Assert.Equal(CrisisSeverity.None, CrisisTestSupport.Detector.RulesOnly(text).Severity);

    [Theory]
    [InlineData("mi tio abusa de mi hija", "abusar")]  // another form of the same word may still be corrected
    public void An_inflected_word_is_corrected_only_into_another_form_of_itself(string text, string expectedWord) =>
        Assert.Contains(expectedWord, CrisisTestSupport.Detector.Normalize(text, "es").Split(' '));

    // ------------------------------------------------------------------ whole words

    [Theory]
    [InlineData("i need to skill myself up for the new job")]
    [InlineData("i want to diet")]
    [InlineData("what a killjoy")]
    public void Crisis_words_inside_other_words_do_not_match(string text) =>
        Assert.Equal(CrisisSeverity.None, Severity(text));

    [Theory]
    [InlineData("kill.myself")]
    [InlineData("KILL-MYSELF")]
    [InlineData("kill 😭 myself")]
    [InlineData("kill my whole self")]
    [InlineData("i want to kill my self")]
    public void Punctuation_emoji_and_filler_words_between_phrase_words_still_match(string text) =>
        Assert.Equal(CrisisSeverity.Imminent, Severity(text));

    // ------------------------------------------------------------------ negation

    [Theory]
    [InlineData("I don't want to live")]
    [InlineData("i dont want to live anymore")]
    [InlineData("I do not want to be alive")]
    [InlineData("no quiero seguir viviendo")]
    [InlineData("ya no quiero vivir")]
    [InlineData("I can't go on")]
    public void Negated_wording_of_a_crisis_is_still_a_crisis(string text) =>
        Assert.True(Severity(text) >= CrisisSeverity.High, text);

    [Fact]
    public void An_explicit_denial_is_still_flagged_rather_than_suppressed() =>
        Assert.True(Severity("I'm not suicidal, just tired") >= CrisisSeverity.Support);

    // ------------------------------------------------------------------ idioms

    [Theory]
    [InlineData("killing it at work today")]
    [InlineData("dying to see my kids")]
    [InlineData("this homework is killing me lol")]
    [InlineData("I'm dead 😂")]
    [InlineData("im dying 😂😂")]
    [InlineData("kill the lights")]
    [InlineData("overdosed on chocolate lol")]
    [InlineData("my mom will kill me if im late")]
    [InlineData("me muero de risa")]
    [InlineData("me mata de risa")]
    [InlineData("me corté el pelo")]
    public void Idioms_are_not_crises(string text) =>
        Assert.Equal(CrisisSeverity.None, Severity(text));

    [Theory]
    [InlineData("killing it at work but honestly I want to kill myself", CrisisSeverity.Imminent)]
    [InlineData("dying to see my kids but i want to die", CrisisSeverity.High)]
    [InlineData("overdosed on chocolate and then took all my pills", CrisisSeverity.Imminent)]
    [InlineData("me muero de risa jaja pero ya no quiero vivir", CrisisSeverity.High)]
    [InlineData("I'm dead 😂 jk I want to kill myself", CrisisSeverity.Imminent)]
    public void An_idiom_never_suppresses_a_different_crisis_phrase(string text, CrisisSeverity expected) =>
        Assert.Equal(expected, Severity(text));

    [Fact]
    public void The_crisis_inside_the_idiom_is_cancelled_but_the_one_outside_is_not()
    {
        var detector = CrisisDetector.FromYaml("""
            language: en
            concepts:
              die: [die, dying]
              time: [tonight]
            rules:
              concern:
                distress: [die]
              imminent:
                suicide: [die + time]
            idioms:
              - dying to see
            """);

        Assert.Equal(CrisisSeverity.None, detector.Assess("dying to see you").Severity);
        Assert.Equal(CrisisSeverity.Concern, detector.Assess("dying to see you but dying").Severity);
        Assert.Equal(CrisisSeverity.Imminent, detector.Assess("dying to see you, i will die tonight").Severity);
    }

    // ------------------------------------------------------------------ severity, category, language, id

    [Theory]
    [InlineData("going to kill myself tonight", CrisisSeverity.Imminent, CrisisCategory.Suicide)]
    [InlineData("took too many pills", CrisisSeverity.Imminent, CrisisCategory.Overdose)]
    [InlineData("she's not breathing", CrisisSeverity.Imminent, CrisisCategory.OverdoseOther)]
    [InlineData("he's going to hurt me", CrisisSeverity.Imminent, CrisisCategory.Violence)]
    [InlineData("he has a gun", CrisisSeverity.Imminent, CrisisCategory.Violence)]
    [InlineData("voy a matarme", CrisisSeverity.Imminent, CrisisCategory.Suicide)]
    [InlineData("no reason to live", CrisisSeverity.High, CrisisCategory.Suicide)]
    [InlineData("wish I was dead", CrisisSeverity.High, CrisisCategory.Suicide)]
    [InlineData("I can't do this anymore", CrisisSeverity.High, CrisisCategory.Suicide)]
    [InlineData("no quiero vivir", CrisisSeverity.High, CrisisCategory.Suicide)]
    [InlineData("I relapsed", CrisisSeverity.Support, CrisisCategory.Relapse)]
    [InlineData("I used again", CrisisSeverity.Support, CrisisCategory.Relapse)]
    [InlineData("craving so bad", CrisisSeverity.Support, CrisisCategory.Relapse)]
    [InlineData("need someone to talk to", CrisisSeverity.Support, CrisisCategory.Support)]
    [InlineData("recaí", CrisisSeverity.Support, CrisisCategory.Relapse)]
    public void Examples_from_the_brief(string text, CrisisSeverity severity, CrisisCategory category)
    {
        var assessment = Detector.Assess(text);
        Assert.Equal(severity, assessment.Severity);
        Assert.Equal(category, assessment.Category);
    }

    [Fact]
    public void The_highest_severity_in_a_message_wins()
    {
        Assert.Equal(CrisisSeverity.High, Severity("I relapsed and honestly I want to die"));
        var assessment = Detector.Assess("i relapsed last night, i'm struggling, and i took too many pills");
        Assert.Equal(CrisisSeverity.Imminent, assessment.Severity);
        Assert.Equal(CrisisCategory.Overdose, assessment.Category);
    }

    [Fact]
    public void Assessment_names_the_language_and_the_rule_but_never_carries_the_message()
    {
        var english = Detector.Assess("Maria here, call me at 5551234, he has a gun");
        Assert.Equal("en", english.Language);
        Assert.StartsWith("en.imminent.violence.", english.RuleId, StringComparison.Ordinal);
        Assert.DoesNotContain("maria", english.RuleId!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("5551234", english.ToString(), StringComparison.Ordinal);

        var spanish = Detector.Assess("me quiero morir");
        Assert.Equal("es", spanish.Language);
        Assert.StartsWith("es.high.suicide.", spanish.RuleId, StringComparison.Ordinal);
    }

    [Fact]
    public void Language_is_guessed_for_ordinary_messages_and_null_without_evidence()
    {
        Assert.Equal(CrisisAssessment.None, Detector.Assess("3"));
        Assert.Null(Detector.Assess("👍").Language);
        Assert.Equal("es", Detector.Assess("hola, ya llegué a la casa").Language);
        Assert.Equal("en", Detector.Assess("just got out of my meeting").Language);
        Assert.Equal(CrisisSeverity.None, Detector.Assess("hola, ya llegué a la casa").Severity);
    }

    [Fact]
    public void Both_languages_are_checked_in_every_message() =>
        Assert.Equal(CrisisSeverity.High, Severity("estoy bien I guess but honestly no quiero vivir"));

    // ------------------------------------------------------------------ robustness and speed

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!!???")]
    [InlineData("😀😀😀")]
    [InlineData("\uD83D")]          // lone surrogate from a broken SMS gateway
    [InlineData("\u0301\u0301")]    // combining marks only
    public void Odd_input_never_throws_and_is_not_a_crisis(string text) =>
        Assert.Equal(CrisisSeverity.None, Severity(text));

    [Fact]
    public void A_crisis_at_the_end_of_a_long_message_is_found()
    {
        var text = string.Concat(Enumerable.Repeat("went to group and then made dinner for the kids. ", 34)) + "i want to kill myself";
        Assert.True(text.Length > 1_600);
        Assert.Equal(CrisisSeverity.Imminent, Severity(text));
    }

    [Fact]
    public void Pathological_repetition_is_answered_like_any_text()
    {
        // Many partial starts of concepts in a row is the worst case for the window search; its speed is measured
        // in bench/ (CrisisDetectionBenchmarks.Pathological), here only that the answer is right.
        var text = string.Concat(Enumerable.Repeat("kill kill took too ", 85));
        Assert.True(text.Length >= 1_600);
        Assert.False(Detector.Assess(text).PagesVolunteers);
        Assert.True(Detector.Assess(text + " i want to kill myself").PagesVolunteers);
    }

    [Fact]
    public void Huge_input_is_handled()
    {
        var builder = new StringBuilder();
        while (builder.Length < 200_000)
        {
            builder.Append("ok lol see you at the meeting ");
        }

        builder.Append("no quiero vivir");
        Assert.Equal(CrisisSeverity.High, Severity(builder.ToString()));
    }

    [Fact]
    public void Concurrent_callers_get_the_same_answers_as_a_single_caller()
    {
        var messages = CrisisTestSupport.ReadCrisisCorpus("crisis-en.txt").Select(e => e.Message)
            .Concat(CrisisTestSupport.ReadCrisisCorpus("crisis-es.txt").Select(e => e.Message))
            .Concat(CrisisTestSupport.ReadOrdinaryCorpus("ordinary-en.txt"))
            .ToArray();
        var expected = messages.Select(Detector.Assess).ToArray();

        var mismatches = 0;
        Parallel.For(0, messages.Length * 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var index = i % messages.Length;
            if (Detector.Assess(messages[index]) != expected[index])
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    // ------------------------------------------------------------------ concept file format

    [Fact]
    public void Concepts_combine_in_any_order_within_the_window()
    {
        var detector = CrisisDetector.FromYaml("""
            language: en
            concepts:
              self: [i, me]
              want: [want, wish]
              die: [die, dead, not wake up, suicid*]
            rules:
              high:
                suicide:
                  - self + want + die
                  - want + die (within 2)
            """);

        Assert.Equal(CrisisSeverity.High, detector.Assess("i want to die").Severity);
        Assert.Equal(CrisisSeverity.High, detector.Assess("dead is what i wish i was").Severity);
        Assert.Equal(CrisisSeverity.High, detector.Assess("i wish i would not wake up").Severity);
        Assert.Equal(CrisisSeverity.High, detector.Assess("i want to be suicidal").Severity);
        Assert.Equal(CrisisSeverity.None, detector.Assess("i want pizza and then a long nap and a movie and then to die laughing").Severity);
        Assert.Equal(CrisisSeverity.None, detector.Assess("want it? the battery is dead").Severity);
    }

    [Fact]
    public void Gaps_in_a_concept_phrase_are_bounded()
    {
        var detector = CrisisDetector.FromYaml("""
            language: en
            concepts:
              pair: [alpha ... omega, red ...4 blue]
            rules:
              high:
                distress: [pair]
            """);

        Assert.Equal(CrisisSeverity.High, detector.Assess("alpha omega").Severity);
        Assert.Equal(CrisisSeverity.High, detector.Assess("alpha one two omega").Severity);
        Assert.Equal(CrisisSeverity.None, detector.Assess("alpha one two three omega").Severity);
        Assert.Equal(CrisisSeverity.High, detector.Assess("red one two three four blue").Severity);
        Assert.Equal(CrisisSeverity.None, detector.Assess("red one two three four five blue").Severity);
    }

    [Fact]
    public void A_joke_marker_turns_a_page_into_crisis_lines_unless_she_says_she_means_it()
    {
        var detector = CrisisDetector.FromYaml("""
            language: en
            concepts:
              die: [die]
              want: [want]
            rules:
              high:
                suicide: [want + die]
            softeners: [lol]
            past: [used to]
            serious: [i mean it]
            """);

        Assert.Equal(CrisisSeverity.High, detector.Assess("i want to die").Severity);
        Assert.Equal(CrisisSeverity.Concern, detector.Assess("i want to die lol").Severity);
        Assert.Equal(CrisisSeverity.Concern, detector.Assess("i used to want to die").Severity);
        Assert.Equal(CrisisSeverity.High, detector.Assess("i want to die lol i mean it").Severity);
        Assert.Equal(CrisisSeverity.High, detector.Assess("lol ok. later tonight after dinner and the dishes i want to die").Severity);
    }

    [Theory]
    [InlineData("language: en\nconcepts:\n  a: [x]\nrulse:\n  high:\n    suicide: [a]\n", "rulse")]
    [InlineData("language: en\nconcepts:\n  a: [x]\nrules:\n  high:\n    sadness: [a]\n", "sadness")]
    [InlineData("language: en\nconcepts:\n  a: [x]\nrules:\n  severe:\n    suicide: [a]\n", "severe")]
    [InlineData("language: en\nconcepts:\n  a: [x]\nrules:\n  high:\n    suicide: [a + b]\n", "no concept named 'b'")]
    [InlineData("language: en\nconcepts:\n  a: [x]\nrules:\n  high:\n    suicide: [a (within 99)]\n", "within")]
    [InlineData("language: en\nconcepts:\n  a: [... x]\nrules:\n  high:\n    suicide: [a]\n", "...")]
    [InlineData("language: en\nconcepts:\n  a: [ab*]\nrules:\n  high:\n    suicide: [a]\n", "at least 3 letters")]
    [InlineData("language: en\nconcepts:\n  a: [x]\nrules:\n  high:\n    suicide: [a, a]\n", "twice")]
    [InlineData("concepts:\n  a: [x]\nrules:\n  high:\n    suicide: [a]\n", "language")]
    [InlineData("language: en\nconcepts:\n  a: [x]\n", "no rules")]
    public void Mistakes_in_a_concept_file_stop_loading_with_a_useful_message(string yaml, string expectedFragment)
    {
        var ex = Assert.Throws<InvalidDataException>(() => CrisisDetector.FromYaml(yaml));
        Assert.Contains(expectedFragment, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_shipped_concept_files_load_for_both_languages()
    {
        Assert.Equal(["en", "es"], Detector.Languages);
        Assert.Throws<DirectoryNotFoundException>(() => CrisisDetector.LoadFrom(Path.Combine(CrisisTestSupport.RepoRoot, "no-such-dir")));
    }
}
