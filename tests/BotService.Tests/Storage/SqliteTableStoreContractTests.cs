using BotService.Storage;
using BotService.Storage.Sqlite;

namespace BotService.Tests.Storage;

/// <summary>The contract again with the row cache on, as the host runs it: every read-after-write case must still hold.</summary>
public sealed class SqliteCachedTableStoreContractTests() : SqliteTableStoreContractTests(rowCacheEntries: 1000);

public class SqliteTableStoreContractTests : TableStoreContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "botservice-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteTableStore _store;
    private int _tables;

    public SqliteTableStoreContractTests() : this(rowCacheEntries: 0)
    {
    }

    protected SqliteTableStoreContractTests(int rowCacheEntries)
    {
        // A nested folder that does not exist yet: the store must create it.
        _store = new SqliteTableStore(Path.Combine(_folder, "nested", "bot.db"), rowCacheEntries);
    }

    protected override ITableStore Store => _store;

    protected override string NewTableName() => $"t{Interlocked.Increment(ref _tables)}x{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Text_that_JSON_must_escape_round_trips_and_is_stored_without_needless_escapes()
    {
        var table = _store.GetTable<CounterEntity>(NewTableName());
        // Quotes, backslashes, control characters, a lone surrogate, accents, an emoji, HTML-ish text.
        var awkward = "say \"hi\" \\ back\u0000\u0001\n\t \uD800 x \uDC00 cañón ñ 😀 <b>&amp;</b> '";
        await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Note = awkward });

        var back = await table.GetAsync("p", "r");
        Assert.NotNull(back);
        // JSON cannot carry half a surrogate pair: it comes back as U+FFFD (inbound text is made well-formed long before).
        Assert.Equal(awkward.Replace('\uD800', '\uFFFD').Replace('\uDC00', '\uFFFD'), back.Note);

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_store.DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM entities WHERE pk = 'p' AND rk = 'r'";
        var stored = (string)command.ExecuteScalar()!;
        // Letters and markup as themselves (the default encoder wrote each as a six-character escape); only characters
        // outside the BMP (the emoji) are still escaped.
        Assert.Contains("cañón ñ ", stored, StringComparison.Ordinal);
        Assert.Contains(" <b>&amp;</b> '", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0022", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void Creates_the_folder_and_uses_wal()
    {
        Assert.True(File.Exists(_store.DatabasePath));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_store.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    [Fact]
    public async Task Data_survives_reopening_the_file()
    {
        var name = NewTableName();
        await _store.GetTable<CounterEntity>(name).InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 3 });
        using var reopened = new SqliteTableStore(_store.DatabasePath);
        Assert.Equal(3, (await reopened.GetTable<CounterEntity>(name).GetAsync("p", "r"))!.Count);
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _store.Dispose();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a pooled handle may linger a moment; the temp folder is disposable anyway */ }
    }
}
