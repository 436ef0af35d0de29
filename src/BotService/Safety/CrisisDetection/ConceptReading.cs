namespace BotService.Safety.CrisisDetection;

/// <summary>A message as one language reads it: its corrected words and, word by word, the concepts each carries.</summary>
/// <param name="Words">Normalized words, shortcuts spelled out and slips corrected.</param>
/// <param name="Masks">One bit per concept of the language, per word.</param>
/// <param name="InIdiom">True for a word an idiom explains away ("this heat is killing me").</param>
internal sealed record ConceptReading(string[] Words, UInt128[] Masks, bool[] InIdiom);
