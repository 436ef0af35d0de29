using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Tests.Support;

namespace BotService.Tests.Storage;

[Collection("Azurite")]
public sealed class AzuriteTableStoreContractTests(AzuriteFixture azurite) : TableStoreContractTests
{
    private readonly AzureTableStore _store = new(azurite.ConnectionString);

    protected override ITableStore Store => _store;

    protected override string NewTableName() => azurite.NewTableName("contract");
}
