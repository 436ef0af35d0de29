namespace BotService.Storage.AzureTables;

/// <summary>
/// Counts the tries the SDK's retry policy made for one logical call. A conflict (409/412) seen on a second or later
/// try may have been caused by our own first try, whose answer was lost; only then is a read-back worth doing.
/// Reaches the pipeline as a message property (see <see cref="AttemptCountingPolicy"/>).
/// </summary>
internal sealed class RequestAttempts
{
    internal const string PropertyName = "BotService.Storage.RequestAttempts";

    private int _tries;

    public RequestAttempts() => Properties = new Dictionary<string, object?>(1) { [PropertyName] = this };

    /// <summary>What <see cref="Azure.Core.Pipeline.HttpPipeline.CreateHttpMessagePropertiesScope"/> attaches to each message.</summary>
    public IDictionary<string, object?> Properties { get; }

    public bool Retried => Volatile.Read(ref _tries) > 1;

    public void CountTry() => Interlocked.Increment(ref _tries);

    public void Reset() => Volatile.Write(ref _tries, 0);
}
