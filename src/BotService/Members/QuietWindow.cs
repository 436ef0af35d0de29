namespace BotService.Members;

/// <summary>A daily local-time window [Start, End); when End is not after Start it wraps midnight ("21:00-08:00").</summary>
public readonly record struct QuietWindow(TimeOnly Start, TimeOnly End)
{
    public bool WrapsMidnight => End <= Start;

    public bool Contains(TimeOnly localTime) =>
        WrapsMidnight ? localTime >= Start || localTime < End : localTime >= Start && localTime < End;

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";
}
