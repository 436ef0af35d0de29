namespace BotService.Storage;

/// <summary>Checks a batch before anything is sent or written, so both stores refuse the same batches the same way.</summary>
internal static class TableBatchValidation
{
    public const int MaxOperations = 100;

    /// <summary>Returns the batch's single PartitionKey and the validated columns of each operation (null for deletes).</summary>
    public static (string PartitionKey, Dictionary<string, EntityProperty>?[] Properties) Validate<T>(IReadOnlyList<TableOperation<T>> operations)
        where T : class, ITableEntity, new()
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count == 0)
            throw new ArgumentException("A batch needs at least one operation.", nameof(operations));
        if (operations.Count > MaxOperations)
            throw new ArgumentException($"A batch holds at most {MaxOperations} operations; this one has {operations.Count}. Split it.", nameof(operations));
        var partitionKey = operations[0].Entity.PartitionKey;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var properties = new Dictionary<string, EntityProperty>?[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            ArgumentNullException.ThrowIfNull(operation.Entity);
            EntityMapper.ValidateKey("PartitionKey", operation.Entity.PartitionKey);
            EntityMapper.ValidateKey("RowKey", operation.Entity.RowKey);
            if (!string.Equals(operation.Entity.PartitionKey, partitionKey, StringComparison.Ordinal))
                throw new ArgumentException($"Every operation of a batch must target one partition: operation {i} has PartitionKey '{operation.Entity.PartitionKey}', operation 0 has '{partitionKey}'.", nameof(operations));
            if (!seen.Add(operation.Entity.RowKey))
                throw new ArgumentException($"A batch may touch an entity only once: operation {i} repeats RowKey '{operation.Entity.RowKey}'.", nameof(operations));
            properties[i] = operation.Kind == TableOperationKind.Delete ? null : EntityMapper.ToProperties(operation.Entity);
        }
        return (partitionKey, properties);
    }
}
