using BenchmarkDotNet.Attributes;
using BotService.Safety.CrisisDetection;

namespace BotService.Bench;

/// <summary>
/// The detector runs on every inbound SMS before anything else, so its cost is paid by every member.
/// A concatenated SMS tops out around 1,600 characters; the long cases check that cost stays linear.
/// </summary>
[MemoryDiagnoser]
public class CrisisDetectionBenchmarks
{
    private CrisisDetector _detector = null!;
    private string _longOrdinary = null!;
    private string _longCrisis = null!;
    private string _pathological = null!;
    private string _typical160 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _detector = CrisisDetector.LoadFrom(Path.Combine(BenchPaths.RepoRoot, "dialogs"));

        const string filler = "went to my meeting, picked up the kids, made dinner and we watched a movie. ";
        var body = string.Concat(Enumerable.Repeat(filler, 1_600 / filler.Length + 1))[..1_580];
        _longOrdinary = body + " good night!!";
        _longCrisis = body + " i wanna kms";
        _pathological = string.Concat(Enumerable.Repeat("kill kill took too ", 85));
        _typical160 = "so today was rough, my ex texted again about the kids and i didnt go to group. idk i just feel like nobody would even notice if i was gone tbh";
    }

    [Benchmark]
    public CrisisAssessment ShortOrdinary() => _detector.Assess("bad day but im ok, see u at group tmrw");

    [Benchmark]
    public CrisisAssessment ShortCrisis() => _detector.Assess("im gonna kill myself tonite");

    [Benchmark]
    public CrisisAssessment LongOrdinary() => _detector.Assess(_longOrdinary);

    [Benchmark]
    public CrisisAssessment LongCrisis() => _detector.Assess(_longCrisis);

    /// <summary>A 160-character SMS with typos, slang and an indirect crisis: the target is under 1 ms at p99.</summary>
    [Benchmark]
    public CrisisAssessment Typical160() => _detector.Assess(_typical160);

    /// <summary>Hundreds of partial concept starts in a row: the worst case for the window search.</summary>
    [Benchmark]
    public CrisisAssessment Pathological() => _detector.Assess(_pathological);
}
