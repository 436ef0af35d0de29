using BotService.Storage;

namespace BotService.Tests.Storage;

public enum Mood { Calm, Anxious, Hopeful }

/// <summary>Every column type the contract supports, plus nullables.</summary>
public sealed class AllTypesEntity : TableEntityBase
{
    public string? Text { get; set; }
    public int Number { get; set; }
    public long Big { get; set; }
    public bool Flag { get; set; }
    public double Ratio { get; set; }
    public DateTimeOffset When { get; set; }
    public Guid Id { get; set; }
    public byte[]? Blob { get; set; }
    public Mood Mood { get; set; }
    public int? MaybeNumber { get; set; }
    public long? MaybeBig { get; set; }
    public bool? MaybeFlag { get; set; }
    public double? MaybeRatio { get; set; }
    public DateTimeOffset? MaybeWhen { get; set; }
    public Guid? MaybeId { get; set; }
    public Mood? MaybeMood { get; set; }
}

public sealed class CounterEntity : TableEntityBase
{
    public int Count { get; set; }
    public string? Note { get; set; }
}

/// <summary>Seventeen strings of 32K characters each need about 1.1 MB: over the entity limit.</summary>
public sealed class OversizedEntity : TableEntityBase
{
    public string? S01 { get; set; }
    public string? S02 { get; set; }
    public string? S03 { get; set; }
    public string? S04 { get; set; }
    public string? S05 { get; set; }
    public string? S06 { get; set; }
    public string? S07 { get; set; }
    public string? S08 { get; set; }
    public string? S09 { get; set; }
    public string? S10 { get; set; }
    public string? S11 { get; set; }
    public string? S12 { get; set; }
    public string? S13 { get; set; }
    public string? S14 { get; set; }
    public string? S15 { get; set; }
    public string? S16 { get; set; }
    public string? S17 { get; set; }
}
