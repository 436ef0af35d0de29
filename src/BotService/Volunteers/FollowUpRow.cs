using BotService.Messaging;
using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>A follow-up waiting to be sent. Table <c>followups</c>, one partition ordered by due time.</summary>
public sealed class FollowUpRow : TableEntityBase
{
    public const string TableName = "followups";
    public const string Partition = "due";

    public string MemberKey { get; set; } = "";
    public string Channel { get; set; } = ChannelNames.Sms;
    public string? EncryptedAddress { get; set; }
    public string Language { get; set; } = "en";
    public DateTimeOffset DueAt { get; set; }

    public static string KeyOf(DateTimeOffset dueAt, string memberKey) => $"{dueAt.UtcTicks:D19}-{memberKey}";
}
