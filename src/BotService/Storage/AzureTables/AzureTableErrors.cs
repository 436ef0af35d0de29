using Azure;

namespace BotService.Storage.AzureTables;

/// <summary>Turns the service's error answers, as the SDK reports them, into the contract's exceptions.</summary>
internal static class AzureTableErrors
{
    public const string TableNotFound = "TableNotFound";

    public static TableStorageException From(RequestFailedException failure, string table, string partitionKey = "", string rowKey = "") =>
        (failure.Status, failure.ErrorCode ?? "") switch
        {
            (409, "EntityAlreadyExists") => new EntityAlreadyExistsException(table, partitionKey, rowKey),
            (412, _) => new EntityConcurrencyException(table, partitionKey, rowKey),
            (404, "ResourceNotFound" or "") => new EntityNotFoundException(table, partitionKey, rowKey),
            var (status, code) => new TableStorageException(status, code, $"Table '{table}' answered {status} {code}.", failure),
        };
}
