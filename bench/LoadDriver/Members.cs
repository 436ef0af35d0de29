namespace LoadDriver;

/// <summary>
/// One simulated member. Real SMS from one phone arrive one after another, so a member is only ever held by one
/// worker at a time (see <see cref="MemberPool"/>); her script position therefore advances like a real conversation.
/// </summary>
public sealed class SimulatedMember(string phone, int seed)
{
    /// <summary>First contact: the opening text, consent, language, check-in time, confirm, no peer call.</summary>
    private static readonly string[] Onboarding = ["Hi, a friend gave me this number", "yes", "1", "8am", "1", "no"];

    // After onboarding a member alternates daily check-ins and coping requests, as the flows are designed for.
    private static readonly string[][] Routines =
    [
        ["CHECKIN", "3", "5", "SKIP"],
        ["COPE", "1", "MORE"],
    ];

    public const string CrisisText = "I want to kill myself";

    private readonly Random _random = new(seed);
    private int _step;

    public string Phone { get; } = phone;

    /// <summary>The member's id on Bot Framework (no phone numbers there).</summary>
    public string ChannelId => "member-" + Phone[1..];

    /// <summary>Next text; <paramref name="crisisRate"/> of turns are a crisis message that interrupts the script
    /// (and does not advance it: after a crisis a member usually picks up where she was).</summary>
    public string NextText(double crisisRate)
    {
        if (_random.NextDouble() < crisisRate) return CrisisText;
        var step = _step++;
        if (step < Onboarding.Length) return Onboarding[step];
        step -= Onboarding.Length;
        var cycleLength = Routines.Sum(r => r.Length);
        step %= cycleLength;
        foreach (var routine in Routines)
        {
            if (step < routine.Length) return routine[step];
            step -= routine.Length;
        }
        throw new InvalidOperationException("unreachable");
    }
}

/// <summary>Idle members; a worker takes one, sends her next message, and returns her.</summary>
public sealed class MemberPool
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<SimulatedMember> _idle = new();

    public MemberPool(int count, int seed)
    {
        // +1555 0100000 + i: the 555 exchange is reserved for fiction; numbers stay valid E.164 shapes.
        for (var i = 0; i < count; i++)
            _idle.Enqueue(new SimulatedMember($"+1555{100_0000 + i:D7}", seed + i));
    }

    public SimulatedMember Take()
    {
        // More members than workers (enforced in Options), so one is always idle; spin only defensively.
        SimulatedMember? member;
        while (!_idle.TryDequeue(out member)) Thread.Yield();
        return member;
    }

    public void Return(SimulatedMember member) => _idle.Enqueue(member);
}
