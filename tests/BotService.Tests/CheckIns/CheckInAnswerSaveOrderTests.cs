using BotService.CheckIns;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Storage;
using BotService.Tests.Support;

namespace BotService.Tests.CheckIns;

/// <summary>Answering the scheduler's prompt resets her missed count in the same save as the rest of her turn: the
/// ledger's answer is applied to her row before the pipeline's one ETag-guarded write, not after it.</summary>
public sealed class CheckInAnswerSaveOrderTests : IDisposable
{
    private const string Phone = "+13125550142";
    private readonly BotTestHost _host = SafetyLine.Host();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Answering_an_open_prompt_saves_the_reset_missed_count_with_her_row()
    {
        var key = _host.MemberKey(Phone);
        var now = _host.Now;
        var profile = MemberProfile.New(key, ChannelNames.Sms);
        profile.Status = MemberStatus.Active;
        profile.TimeZone = "America/New_York";
        profile.CheckInMinuteOfDay = 9 * 60;
        profile.EncryptedAddress = _host.Get<FieldEncryptor>().Encrypt(Phone);
        profile.MissedCheckIns = 2;
        await _host.Get<MemberRepository>().SaveAsync(profile, CancellationToken.None);
        var localDate = "2026-03-10";
        var ledger = _host.Get<ITableStore>().GetTable<CheckInLedgerRow>(CheckInLedgerRow.TableName);
        await ledger.UpsertAsync(new CheckInLedgerRow { PartitionKey = key, RowKey = localDate, ClaimedAt = now.AddHours(-5), PromptSentAt = now.AddHours(-5), MissedBefore = 2 });

        await _host.Texts(Phone, "4");
        await _host.Texts(Phone, "1");
        await _host.Texts(Phone, "skip");

        Assert.NotNull((await ledger.GetAsync(key, localDate))!.AnsweredAt);
        var saved = await _host.Get<MemberRepository>().GetAsync(key, CancellationToken.None);
        Assert.Equal(0, saved!.MissedCheckIns);
    }
}
