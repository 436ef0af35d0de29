namespace BotService.Storage;

public static class TableExtensions
{
    /// <summary>Every entity of a partition (follows continuation tokens).</summary>
    public static async IAsyncEnumerable<T> QueryPartitionAllAsync<T>(this ITable<T> table, string partitionKey, RowKeyRange? range = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        string? token = null;
        do
        {
            var page = await table.QueryPartitionAsync(partitionKey, range, 1000, token, cancellationToken);
            foreach (var item in page.Items) yield return item;
            token = page.ContinuationToken;
        } while (token is not null);
    }
}
