using BotService.Members;
using BotService.Privacy;
using BotService.Storage;
using BotService.Tests.Support;

namespace BotService.Tests.Members;

public sealed class OnboardingTranscriptTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(ScriptedTurnSeams.Start);
    private readonly ScriptedTurnSeams _seams = new();
    private readonly BotTestHost _host;

    public OnboardingTranscriptTests() => _host = new BotTestHost { Clock = _clock, Overrides = _seams.Apply };

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task English_onboarding_from_a_Chicago_number_stores_an_active_profile()
    {
        var phone = _host.Phone("+13125550147");

        var reply = await phone.Sends("hey is this the support thing");
        Assert.Contains("peer volunteers", reply);
        Assert.Contains("911", reply);
        Assert.Contains("988", reply);
        Assert.Contains("Reply 1 for English", reply);

        reply = await phone.Sends("1");
        Assert.Contains("never see your number", reply);
        Assert.Contains("1 yes, 2 no thanks", reply);

        Assert.Contains("What time each day", await phone.Sends("yes"));
        reply = await phone.Sends("8:30 pm");
        Assert.Contains("looks like Central", reply);
        Assert.Contains("7 Puerto Rico", reply);

        Assert.Contains("Discreet mode", await phone.Sends("ok"));
        Assert.Contains("code word", await phone.Sends("2"));
        reply = await phone.Sends("SKIP");
        Assert.Contains("All set: check-ins at 8:30 PM (Central), discreet mode off, code word SAFE.", reply);
        Assert.Contains("Text MENU for options, HELP for info, STOP to end texts.", reply);

        var profile = await phone.Profile();
        Assert.NotNull(profile);
        Assert.Equal(MemberStatus.Active, profile.Status);
        Assert.Equal("en", profile.Language);
        Assert.Equal("America/Chicago", profile.TimeZone);
        Assert.Equal(20 * 60 + 30, profile.CheckInMinuteOfDay);
        Assert.False(profile.Discreet);
        Assert.Null(profile.CodeWordHash);
        Assert.Equal(_clock.GetUtcNow(), profile.ConsentedAt);
        Assert.Equal("+13125550147", _host.Get<FieldEncryptor>().Decrypt(profile.EncryptedAddress!));
    }

    [Fact]
    public async Task Spanish_onboarding_with_loose_answers_sets_discreet_mode_and_a_code_word()
    {
        var phone = _host.Phone("+17875550123");

        var reply = await phone.Sends("hola buenas");
        Assert.Contains("voluntarias con experiencia vivida", reply);
        Assert.Contains("Responde 2 para español", reply);

        Assert.Contains("no ven tu número", await phone.Sends("dos"));
        Assert.Contains("¿A qué hora", await phone.Sends("sí"));
        reply = await phone.Sends("8");
        Assert.Contains("parece Puerto Rico", reply);
        Assert.Contains("modo discreto", await phone.Sends("OK"));
        Assert.Contains("palabra clave", await phone.Sends("1"));
        reply = await phone.Sends("Luna");
        Assert.Contains("Listo: chequeo a las 8:00 (Puerto Rico), modo discreto activado, clave la tuya.", reply);

        var profile = await phone.Profile();
        Assert.Equal("es", profile!.Language);
        Assert.Equal("America/Puerto_Rico", profile.TimeZone);
        Assert.Equal(8 * 60, profile.CheckInMinuteOfDay);
        Assert.True(profile.Discreet);
        Assert.Equal(_host.Get<KeyedHasher>().Hash("codeword", "luna"), profile.CodeWordHash);
    }

    [Fact]
    public async Task A_time_inside_quiet_hours_is_refused_with_the_reason()
    {
        var phone = _host.Phone("+13125550148");
        await phone.Sends("hi");
        await phone.Sends("1");
        await phone.Sends("1");

        var reply = await phone.Sends("11pm");
        Assert.Contains("We never text between 9:00 PM and 8:00 AM", reply);
        Assert.Contains("Pick a time from 8:00 AM to 8:59 PM", reply);
        Assert.Contains("Which time zone", await phone.Sends("20:00"));
    }

    [Fact]
    public async Task Saying_no_to_consent_keeps_nothing_and_the_next_text_starts_over()
    {
        var phone = _host.Phone("+13125550149");
        await phone.Sends("hi");
        await phone.Sends("1");

        var reply = await phone.Sends("no");
        Assert.Contains("nothing about you is kept", reply);
        Assert.Contains("988", reply);

        Assert.Null(await phone.Profile());
        var store = _host.Get<ITableStore>();
        Assert.Null(await store.GetTable<DialogStateRow>(DialogStateRow.TableName).GetAsync(phone.MemberKey, DialogStateRow.StateRowKey));
        Assert.Contains("peer volunteers", await phone.Sends("hello again"));
    }

    [Fact]
    public async Task Two_misses_on_the_consent_question_are_not_a_yes()
    {
        var phone = _host.Phone("+13125550150");
        await phone.Sends("hi");
        await phone.Sends("1");
        Assert.Contains("Reply 1 to join", await phone.Sends("what"));
        var reply = await phone.Sends("huh");
        Assert.Contains("nothing about you is kept", reply);
        Assert.Null(await phone.Profile());
    }
}
