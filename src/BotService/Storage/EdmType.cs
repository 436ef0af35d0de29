namespace BotService.Storage;

/// <summary>The column types the table service knows (its EDM types).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members are the table service's own EDM type names (Edm.String, Edm.Int32, ...).")]
public enum EdmType { String, Boolean, Int32, Int64, Double, Guid, DateTime, Binary }
