using BotService.CheckIns;
using BotService.Coping;
using BotService.Members;
using BotService.Privacy;
using BotService.Storage;
using BotService.Tests.Support;
using BotService.Volunteers;

namespace BotService.Tests.Turns;

public sealed class MemberFlowTranscriptTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(ScriptedTurnSeams.Start);
    private readonly ScriptedTurnSeams _seams = new();
    private readonly BotTestHost _host;

    public MemberFlowTranscriptTests() => _host = new BotTestHost { Clock = _clock, Overrides = _seams.Apply };

    public void Dispose() => _host.Dispose();

    private async Task<Phone> MemberAsync(string number = "+13125550160", string language = "1", string discreet = "2")
    {
        var phone = _host.Phone(number);
        await phone.OnboardsAsync(language, discreet);
        return phone;
    }

    [Fact]
    public async Task Check_in_with_loose_answers_stores_an_encrypted_note_and_a_specific_reply()
    {
        var phone = await MemberAsync();

        Assert.Contains("1 (really low) to 5 (great)", await phone.Sends("CHECKIN"));
        Assert.Contains("urges to use", await phone.Sends("i'm a 3"));
        Assert.Contains("One line, or SKIP", await phone.Sends("2"));
        var reply = await phone.Sends("long day at work but ok");
        Assert.Contains("middle-of-the-road day", reply);

        var date = CheckInStore.DateKey(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/Chicago")).DateTime));
        var record = await _host.Get<CheckInStore>().GetAsync(phone.MemberKey, date, CancellationToken.None);
        Assert.Equal(3, record!.Mood);
        Assert.Equal(2, record.Urge);
        Assert.DoesNotContain("long day", record.EncryptedNote);
        Assert.Equal("long day at work but ok", _host.Get<FieldEncryptor>().Decrypt(record.EncryptedNote!));

        _clock.Advance(TimeSpan.FromDays(1));
        await phone.Sends("check in");
        await phone.Sends("good");
        await phone.Sends("0");
        reply = await phone.Sends("skip");
        Assert.Contains("Notice what helped", reply);
        Assert.Contains("2 days in a row", reply);
    }

    [Fact]
    public async Task Spanish_check_in_in_discreet_mode_uses_vague_words()
    {
        var phone = await MemberAsync("+17875550161", language: "2", discreet: "1");

        Assert.Contains("de 1 (muy mal) a 5", await phone.Sends("CHEQUEO"));
        var reply = await phone.Sends("tres");
        Assert.Contains("viejos hábitos", reply);
        Assert.DoesNotContain("consumir", reply);
        await phone.Sends("cero");
        Assert.Contains("día regular", await phone.Sends("SALTAR"));
    }

    [Fact]
    public async Task A_reply_to_the_scheduled_prompt_is_the_mood_answer()
    {
        var phone = await MemberAsync("+13125550162");
        _seams.OpenCheckIns.OpenDate = "2026-03-10";

        Assert.Contains("urges to use", await phone.Sends("meh"));
        await phone.Sends("1");
        await phone.Sends("skip");
        Assert.Equal(["2026-03-10"], _seams.OpenCheckIns.Answered);
    }

    [Fact]
    public async Task Two_red_flag_check_ins_in_a_row_ask_a_peer_to_reach_out()
    {
        var phone = await MemberAsync("+13125550163");
        await phone.Sends("CHECKIN");
        await phone.Sends("bad");
        await phone.Sends("9");
        var reply = await phone.Sends("skip");
        Assert.Contains("1 a coping idea, 2 talk to a peer", reply);
        Assert.Empty(_seams.Peers.Requests);
        Assert.Contains("What's going on right now?", await phone.Sends("1"));

        _clock.Advance(TimeSpan.FromDays(1));
        await phone.Sends("CHECKIN");
        await phone.Sends("1");
        await phone.Sends("3");
        reply = await phone.Sends("skip");
        Assert.Contains("A peer volunteer will text you soon", reply);
        Assert.Equal([(phone.MemberKey, PeerRequestReason.RedFlagCheckIns)], _seams.Peers.Requests);
    }

    [Fact]
    public async Task Two_misses_give_up_and_offer_MENU()
    {
        var phone = await MemberAsync("+13125550164");
        await phone.Sends("CHECKIN");
        Assert.Contains("Just a number from 1 to 5", await phone.Sends("banana"));
        Assert.Contains("Text MENU any time", await phone.Sends("purple"));
        Assert.Contains("Text MENU to see options", await phone.Sends("hello"));
    }

    [Fact]
    public async Task Coping_offers_one_idea_at_a_time_and_remembers_what_helped()
    {
        var phone = await MemberAsync("+13125550165");
        Assert.Contains("1 an urge", await phone.Sends("COPE"));
        var reply = await phone.Sends("2");
        Assert.Contains("Paced breathing", reply);
        Assert.Contains("3 MORE for another idea", reply);
        Assert.Contains("5-4-3-2-1", await phone.Sends("more"));
        Assert.Contains("offer it first next time", await phone.Sends("1"));

        await phone.Sends("COPE");
        Assert.Contains("5-4-3-2-1", await phone.Sends("stress"));
        reply = await phone.Sends("2");
        Assert.Contains("Thanks for trying it", reply);
        Assert.Contains("Paced breathing", reply);
    }

    [Fact]
    public async Task Spanish_coping_understands_words()
    {
        var phone = await MemberAsync("+17875550166", language: "2");
        Assert.Contains("no puedo dormir", await phone.Sends("IDEA"));
        Assert.Contains("Respira", await phone.Sends("no puedo dormir"));
        Assert.Contains("Qué bueno que ayudó", await phone.Sends("sí"));
    }

    [Fact]
    public async Task Menu_routes_to_settings_and_commands_change_the_profile()
    {
        var phone = await MemberAsync("+13125550167");
        Assert.Contains("9 Delete my data", await phone.Sends("menu"));
        Assert.Contains("Discreet mode is on", await phone.Sends("6"));
        Assert.True((await phone.Profile())!.Discreet);

        await phone.Sends("MENU");
        Assert.Contains("how many days", await phone.Sends("5"));
        Assert.Contains("paused for 3 days", await phone.Sends("3"));
        Assert.Equal(_clock.GetUtcNow().AddDays(3), (await phone.Profile())!.PausedUntil);
        Assert.Contains("Welcome back", await phone.Sends("RESUME"));
        Assert.Null((await phone.Profile())!.PausedUntil);
        Assert.Contains("paused for 2 days", await phone.Sends("pause 2"));

        await phone.Sends("MENU");
        Assert.Contains("What time each day", await phone.Sends("4"));
        Assert.Contains("We never text", await phone.Sends("11pm"));
        Assert.Contains("now at 7:15 PM", await phone.Sends("7:15pm"));
        Assert.Contains("Discreet mode is off", await phone.Sends("DISCREET OFF"));

        Assert.Contains("te escribiré en español", await phone.Sends("ESPAÑOL"));
        Assert.Contains("Borrar mis datos", await phone.Sends("MENÚ"));
        Assert.Contains("I'll text you in English", await phone.Sends("8") + await phone.Sends("1"));
    }

    [Fact]
    public async Task Code_word_goes_quiet_at_once_and_closes_the_dialog()
    {
        var phone = await MemberAsync("+13125550168");
        await phone.Sends("CODE WORD");
        Assert.Contains("new code word is saved", await phone.Sends("tulip"));

        await phone.Sends("CHECKIN");
        Assert.Equal("Got it, thanks!", await phone.Sends("Tulip"));
        var profile = await phone.Profile();
        Assert.Equal(_clock.GetUtcNow().AddHours(24), profile!.SilencedUntil);
        Assert.Contains("Text MENU to see options", await phone.Sends("3"));
        Assert.Equal("Got it, thanks!", await phone.Sends("SAFE"));
    }

    [Fact]
    public async Task Delete_my_data_confirms_then_erases_everything()
    {
        var phone = await MemberAsync("+13125550169");
        await phone.Sends("CHECKIN");
        await phone.Sends("4"); await phone.Sends("1"); await phone.Sends("a note");
        await phone.Sends("COPE"); await phone.Sends("1"); await phone.Sends("1");

        Assert.Contains("Okay, nothing was deleted", await phone.Sends("DELETE MY DATA") + await phone.Sends("2"));
        Assert.Contains("1 delete it, 2 keep it", await phone.Sends("delete my data"));
        Assert.Contains("Everything we kept about you is deleted", await phone.Sends("1"));

        var store = _host.Get<ITableStore>();
        Assert.Null(await phone.Profile());
        Assert.Empty((await store.GetTable<CheckInRecord>(CheckInRecord.TableName).QueryPartitionAsync(phone.MemberKey)).Items);
        Assert.Empty((await store.GetTable<StrategyCounter>(StrategyCounter.TableName).QueryPartitionAsync(phone.MemberKey)).Items);
        Assert.Null(await store.GetTable<DialogStateRow>(DialogStateRow.TableName).GetAsync(phone.MemberKey, DialogStateRow.StateRowKey));
        Assert.Contains("peer volunteers", await phone.Sends("hi"));
    }

    [Fact]
    public async Task Spanish_delete_my_data()
    {
        var phone = await MemberAsync("+17875550170", language: "2");
        Assert.Contains("1 borrar, 2 conservar", await phone.Sends("BORRAR MIS DATOS"));
        Assert.Contains("Borramos todo", await phone.Sends("sí"));
        Assert.Null(await phone.Profile());
    }
}
