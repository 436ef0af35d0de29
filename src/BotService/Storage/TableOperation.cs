using Azure;

namespace BotService.Storage;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Batches are built per entity type (TableOperation<MemberRow>.Insert as a method group); T is always at hand.")]
public sealed record TableOperation<T>(TableOperationKind Kind, T Entity, ETag IfMatch = default) where T : class, ITableEntity, new()
{
    public static TableOperation<T> Insert(T entity) => new(TableOperationKind.Insert, entity);
    public static TableOperation<T> Upsert(T entity) => new(TableOperationKind.Upsert, entity);
    public static TableOperation<T> Replace(T entity, ETag ifMatch) => new(TableOperationKind.Replace, entity, ifMatch);
    public static TableOperation<T> Delete(T entity, ETag ifMatch = default) => new(TableOperationKind.Delete, entity, ifMatch);
}
