using BotService.Storage;
using BotService.Tests.Support;

namespace BotService.Tests.Storage;

/// <summary>The contract on the in-memory store the endpoint and unit tests use in place of a real one.</summary>
public sealed class InMemoryTableStoreContractTests : TableStoreContractTests
{
    private readonly InMemoryTableStore _store = new();
    private int _tables;

    protected override ITableStore Store => _store;

    protected override string NewTableName() => $"table{Interlocked.Increment(ref _tables)}";
}
