using BenchmarkDotNet.Attributes;
using BotService.Escalation.CrisisDetection;

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

    [GlobalSetup]
    public void Setup()
    {
        _detector = CrisisDetector.LoadFrom(Path.Combine(BenchPaths.RepoRoot, "dialogs"));

        const string filler = "went to my meeting, picked up the kids, made dinner and we watched a movie. ";
        var body = string.Concat(Enumerable.Repeat(filler, 1_600 / filler.Length + 1))[..1_580];
        _longOrdinary = body + " good night!!";
        _longCrisis = body + " i wanna kms";
    }

    [Benchmark]
    public CrisisAssessment ShortOrdinary() => _detector.Assess("bad day but im ok, see u at group tmrw");

    [Benchmark]
    public CrisisAssessment ShortCrisis() => _detector.Assess("im gonna kill myself tonite");

    [Benchmark]
    public CrisisAssessment LongOrdinary() => _detector.Assess(_longOrdinary);

    [Benchmark]
    public CrisisAssessment LongCrisis() => _detector.Assess(_longCrisis);
}
