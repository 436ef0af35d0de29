using System.Collections.Concurrent;
using System.Reflection;
using Azure;

namespace BotService.Storage;

/// <summary>The column types the table service knows (its EDM types).</summary>
public enum EdmType { String, Boolean, Int32, Int64, Double, Guid, DateTime, Binary }
