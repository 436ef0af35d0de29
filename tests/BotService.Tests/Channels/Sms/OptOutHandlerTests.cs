using System.Security.Cryptography;
using BotService.Channels.Sms;
using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BotService.Tests.Channels.Sms;

public sealed class OptOutHandlerTests
{
    private const string Phone = "+15555550142";
    private static readonly ContentCatalog Content = ContentCatalog.LoadFrom(RepoPaths.Dialogs);
    private readonly InMemoryTableStore _store = new();
    private readonly KeyedHasher _hasher = new(RandomNumberGenerator.GetBytes(32));
    private readonly SmsOptions _options = new();

    private OptOutHandler Handler() => new(new MemberRepository(_store, []), _hasher, Content, Options.Create(_options), TimeProvider.System, NullLogger<OptOutHandler>.Instance);

    private static InboundMessage Sms(string text, string from = Phone) =>
        new(BotService.Messaging.ChannelNames.Sms, from, text, "SM" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow);

    private Task<bool> OptedOut(string phone = Phone) => Handler().IsOptedOutAsync(_hasher.PhoneKey(phone), default);

    [Theory]
    [InlineData("STOP")]
    [InlineData("stop")]
    [InlineData("stop!")]
    [InlineData(" Stop. ")]
    [InlineData("\"STOP\"")]
    [InlineData("StopAll")]
    [InlineData("unsubscribe")]
    [InlineData("Cancel")]
    [InlineData("END")]
    [InlineData("quit.")]
    [InlineData("revoke")]
    [InlineData("OPTOUT")]
    [InlineData("opt-out")]
    public async Task A_stop_keyword_opts_out_at_once_with_one_confirmation(string text)
    {
        var reply = await Handler().TryHandleAsync(Sms(text), "en", false, default);

        var message = Assert.Single(Assert.IsType<TurnReply>(reply).Messages);
        Assert.Contains("START", message, StringComparison.Ordinal);
        Assert.Contains("988", message, StringComparison.Ordinal);
        Assert.True(await OptedOut());
    }

    [Fact]
    public async Task Start_opts_back_in_and_only_a_hash_of_the_number_was_ever_stored()
    {
        var handler = Handler();
        await handler.TryHandleAsync(Sms("STOP"), "en", false, default);
        // Her (bare) member row: the hash of her number, that she asked, and when; no number, no text. Beside it only
        // her row for the line's counts (memberstates): the same hash, her status and that she opted out.
        var rows = _store.Dump();
        var state = Assert.Single(rows, r => r.Table == MemberStateRow.TableName);
        Assert.Equal(_hasher.PhoneKey(Phone), state.RowKey);
        Assert.Equal([nameof(MemberStateRow.OptedOut), nameof(MemberStateRow.Status)], state.Columns.Keys.Order());
        var row = Assert.Single(rows, r => r.Table != MemberStateRow.TableName);
        Assert.Equal(MemberProfile.TableName, row.Table);
        Assert.Equal(_hasher.PhoneKey(Phone), row.PartitionKey);
        Assert.Contains(nameof(MemberProfile.OptedOutAt), row.Columns.Keys);
        Assert.DoesNotContain(nameof(MemberProfile.EncryptedAddress), row.Columns.Keys);
        Assert.DoesNotContain(nameof(MemberProfile.DialogState), row.Columns.Keys);

        var reply = await handler.TryHandleAsync(Sms("start"), "en", false, default);
        Assert.Contains("STOP", Assert.Single(reply!.Messages), StringComparison.Ordinal);
        Assert.False(await OptedOut());
        // At most her bare row is left (it may still say "look for a case once"): no opt-out, no number, no text.
        Assert.All(_store.Dump(), r => Assert.Empty(r.Columns.Keys.Intersect([nameof(MemberProfile.OptedOutAt), nameof(MemberProfile.EncryptedAddress), nameof(MemberProfile.DialogState)])));
        Assert.NotNull(await handler.TryHandleAsync(Sms("UNSTOP"), "en", false, default));
    }

    [Fact]
    public async Task Yes_opts_in_only_someone_who_is_opted_out()
    {
        var handler = Handler();
        Assert.Null(await handler.TryHandleAsync(Sms("yes"), "en", false, default));
        await handler.TryHandleAsync(Sms("STOP"), "en", false, default);
        Assert.NotNull(await handler.TryHandleAsync(Sms("Yes!"), "en", false, default));
        Assert.False(await OptedOut());
        Assert.Null(await handler.TryHandleAsync(Sms("YES"), "en", false, default));
    }

    [Fact]
    public async Task Opting_out_is_per_number()
    {
        await Handler().TryHandleAsync(Sms("STOP"), "en", false, default);
        Assert.False(await OptedOut("+15555550143"));
    }

    [Theory]
    [InlineData("HELP", "en")]
    [InlineData("info", "en")]
    [InlineData("Help?", "es")]
    public async Task Help_names_the_program_frequency_rates_how_to_stop_and_a_crisis_line(string text, string language)
    {
        _options.ProgramName = "Harbor Peers";
        var message = Assert.Single((await Handler().TryHandleAsync(Sms(text), language, false, default))!.Messages);
        Assert.Contains("Harbor Peers", message, StringComparison.Ordinal);
        Assert.Contains("988", message, StringComparison.Ordinal);
        Assert.Contains("STOP", message, StringComparison.Ordinal);
        // The real frequency: replies to her own texts, a daily check-in and one reminder.
        Assert.Contains(language == "es" ? "chequeo diario y un recordatorio" : "a daily check-in and one reminder", message, StringComparison.Ordinal);
        Assert.Contains(language == "es" ? "Pueden aplicar tarifas de mensajes y datos" : "Msg & data rates may apply", message, StringComparison.Ordinal);
        Assert.False(await OptedOut());
    }

    [Fact]
    public async Task English_help_says_msg_and_data_rates_may_apply_with_the_default_program_name()
    {
        var message = Assert.Single((await Handler().TryHandleAsync(Sms("HELP"), "en", false, default))!.Messages);
        Assert.Contains("Msg & data rates may apply", message, StringComparison.Ordinal);
        // Neutral by default: whoever holds her phone reads the program's name.
        Assert.Contains("Support Line", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Peer", message.Split(':')[0], StringComparison.Ordinal);
        Assert.Contains("988", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stop texting me", "en")]
    [InlineData("Please stop messaging me.", "en")]
    [InlineData("please stop texting me, thanks", "en")]
    [InlineData("Don't text me anymore", "en")]
    [InlineData("take me off your list please", "en")]
    [InlineData("STOP ALL", "en")]
    [InlineData("dejen de escribirme", "es")]
    [InlineData("No me manden más mensajes", "es")]
    [InlineData("no me manden mas mensajes por favor", "es")]
    [InlineData("Ya no me escribas", "es")]
    [InlineData("quiero darme de baja", "es")]
    [InlineData("BAJA", "es")]
    public async Task A_plain_request_to_stop_texting_is_honoured_and_confirmed_in_its_language(string text, string expectedLanguage)
    {
        var message = Assert.Single((await Handler().TryHandleAsync(Sms(text), "en", false, default))!.Messages);
        Assert.True(await OptedOut());
        Assert.Equal(Content.Text(expectedLanguage, "sms.opted_out", ("program", _options.ProgramName)), message);
    }

    [Fact]
    public async Task Spanish_speakers_get_spanish_confirmations_and_help()
    {
        var handler = Handler();
        var stopped = Assert.Single((await handler.TryHandleAsync(Sms("STOP"), "es", false, default))!.Messages);
        Assert.Contains("START", stopped, StringComparison.Ordinal);
        Assert.Contains("988", stopped, StringComparison.Ordinal);
        Assert.Contains("mensajes", stopped, StringComparison.Ordinal);
        var help = Assert.Single((await handler.TryHandleAsync(Sms("AYUDA"), "en", false, default))!.Messages);
        Assert.Contains("tarifas de mensajes y datos", help, StringComparison.Ordinal);
        var back = Assert.Single((await handler.TryHandleAsync(Sms("START"), "es", false, default))!.Messages);
        Assert.Contains("vuelves", back, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stop crying")]
    [InlineData("I want to stop drinking")]
    [InlineData("I can't stop thinking about it")]
    [InlineData("please stop")]
    [InlineData("stop it")]
    [InlineData("the end")]
    [InlineData("help me")]
    [InlineData("I need help")]
    [InlineData("yes")]
    [InlineData("start over")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no quiero parar de hablar contigo")]
    public async Task Conversation_that_mentions_stopping_is_not_an_opt_out(string text)
    {
        Assert.Null(await Handler().TryHandleAsync(Sms(text), "en", false, default));
        Assert.False(await OptedOut());
        Assert.Equal(0, _store.EntityCount);
    }

    [Fact]
    public async Task Stop_on_another_channel_opts_her_out_too_because_no_carrier_blocks_our_texts_there()
    {
        var teams = new InboundMessage(BotService.Messaging.ChannelNames.BotFramework, "29:user", "STOP", "id", DateTimeOffset.UtcNow);
        var handler = Handler();
        Assert.NotNull(await handler.TryHandleAsync(teams, "en", false, default));
        Assert.True(await handler.IsOptedOutAsync(BotService.Members.MemberKeys.For(teams, _hasher), default));
    }

    [Fact]
    public async Task A_repeated_stop_keeps_the_first_date()
    {
        var handler = Handler();
        await handler.TryHandleAsync(Sms("STOP"), "en", false, default);
        var first = _store.Dump().Single(r => r.Table == MemberProfile.TableName).Columns[nameof(MemberProfile.OptedOutAt)].Value;
        await Task.Delay(20);
        Assert.NotNull(await handler.TryHandleAsync(Sms("STOP"), "en", false, default));
        Assert.Equal(first, _store.Dump().Single(r => r.Table == MemberProfile.TableName).Columns[nameof(MemberProfile.OptedOutAt)].Value);
    }

    [Fact]
    public void Sms_content_exists_in_every_language_fits_its_budget_and_only_names_stop_and_start_for_their_purpose()
    {
        foreach (var language in new[] { "en", "es" })
        {
            foreach (var key in new[] { "sms.opted_out", "sms.opted_in", "sms.help" })
            {
                Assert.True(Content.Contains(language, key), $"{language}/{key} missing");
                var message = Content.Message(language, key);
                var text = Content.Text(language, key, ("program", "Peer Support Line"));
                var segments = BotService.Messaging.SmsSegments.Count(text).Segments;
                Assert.True(segments <= message.SegmentBudget, $"{language}/{key} takes {segments} segments");
                Assert.Contains("988", text, StringComparison.Ordinal);
                // The only keywords offered are STOP (to stop) and START (to come back).
                foreach (var word in new[] { "YES", "UNSTOP", "CANCEL", "END", "QUIT", "INFO", "HELP", "AYUDA" })
                    Assert.DoesNotContain(" " + word + " ", " " + text + " ", StringComparison.Ordinal);
            }
        }
    }
}
