namespace BotService.Safety.CrisisDetection;

/// <summary>
/// How the learned layer is trained. Chosen by cross-validation over the example files only (bench <c>crisis-cv</c>),
/// never on the held-out half; fixed in code because changing them changes what the detector pages on.
/// </summary>
internal sealed record CrisisTrainingSettings(int Epochs = 20, float LearningRate = 0.5f, float L2 = 1e-4f, int Seed = 13)
{
    internal static CrisisTrainingSettings Default { get; } = new();
}
