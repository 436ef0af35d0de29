using Azure;

namespace BotService.Storage.AzureTables;

/// <summary>Turns the service's error answers into the contract's exceptions.</summary>
internal static class AzureTableErrors
{
    public static TableStorageException From(Response response, string table, string partitionKey = "", string rowKey = "")
    {
        var (code, message) = TableWireFormat.ReadError(response.Content.ToMemory().Span);
        if (response.Headers.TryGetValue("x-ms-error-code", out var headerCode) && !string.IsNullOrEmpty(headerCode)) code = headerCode;
        return From(response.Status, code, message, table, partitionKey, rowKey);
    }

    public static TableStorageException From(int status, string code, string message, string table, string partitionKey, string rowKey) =>
        (status, code) switch
        {
            (409, "EntityAlreadyExists") => new EntityAlreadyExistsException(table, partitionKey, rowKey),
            (412, _) => new EntityConcurrencyException(table, partitionKey, rowKey),
            (404, "ResourceNotFound" or "") => new EntityNotFoundException(table, partitionKey, rowKey),
            _ => new TableStorageException(status, code, $"Table '{table}' answered {status} {code}: {message}"),
        };
}
