namespace BotService.Safety.CrisisDetection;

/// <summary>One labelled text the learned layer is trained on: a crisis of some category, or an everyday text.</summary>
/// <param name="IsCrisis">True for a crisis text, false for an everyday one.</param>
/// <param name="Category">The corpus category, e.g. "suicide-plan", "overdose-other", or an everyday kind such as "recovery".</param>
/// <param name="Severity">The severity the writer gave it (informative; the model learns categories).</param>
/// <param name="Text">The text as a member might send it.</param>
/// <param name="Source">File name and line, for reports.</param>
internal sealed record CrisisExample(bool IsCrisis, string Category, string Severity, string Text, string Source);
