namespace BotService.Safety.CrisisDetection;

/// <summary>What the learned layer thinks of one text.</summary>
/// <param name="CrisisProbability">0 to 1: how likely the text is a crisis of any kind.</param>
/// <param name="Label">The crisis category it most resembles ("suicide-plan", "violence", ...), or null with no model classes.</param>
internal readonly record struct CrisisTextPrediction(double CrisisProbability, string? Label);
