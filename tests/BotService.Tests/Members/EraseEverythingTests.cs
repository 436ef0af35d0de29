using System.Text.Json;
using BotService.Privacy;
using BotService.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BotService.Tests.Members;

/// <summary>DELETE MY DATA leaves nothing of hers in any table: no key, no number, no words, encrypted or not.</summary>
public sealed class EraseEverythingTests
{
    private const string Member = "+15551230042";
    private const string Ana = "+15557770001";

    [Fact]
    public async Task After_a_case_relays_and_check_ins_delete_my_data_leaves_nothing_of_hers_in_any_table()
    {
        await using var host = SafetyLine.Host(realOutbox: true);
        await host.Get<BotService.Volunteers.VolunteerDirectory>().AddAsync("Ana", Ana, ["en"], host.Now, default);
        await host.Texts(Ana, "ON");
        foreach (var text in new[] { "hi", "1", "1", "9am", "1", "2", "SKIP" }) await host.Texts(Member, text);
        await host.Texts(Member, "i want to kill myself tonight");
        var code = (await host.Get<BotService.Volunteers.EscalationStore>().MemberOpenCodeAsync(host.MemberKey(Member), default))!;
        await host.Texts(Ana, "CLAIM " + code);
        await host.Texts(Ana, "I'm here with you");
        await host.Texts(Member, "thank you, i am at my sister's");
        await host.Texts(Member, "PEER");

        await host.Texts(Member, "DELETE MY DATA");
        await host.Texts(Member, "1");

        var memberKey = host.MemberKey(Member);
        var encryptor = host.Get<FieldEncryptor>();
        var rows = ReadAll(host.DbPath);
        // Every table that exists, not a list someone has to remember to update.
        var tables = rows.Select(r => r.Table).ToHashSet();
        Assert.Contains("escalations", tables);
        Assert.Contains("outbox", tables);
        foreach (var (table, pk, rk, data) in rows)
        {
            var where = $"{table}/{pk}/{rk}";
            foreach (var text in new[] { pk, rk, data })
            {
                Assert.DoesNotContain(memberKey, text);
                Assert.DoesNotContain(memberKey[..16], text);
                Assert.DoesNotContain("5551230042", text);
            }
            foreach (var value in Strings(data))
            {
                string clear;
                try { clear = encryptor.Decrypt(value); }
                catch (Exception) { continue; }
                Assert.False(clear.Contains("5551230042") || clear.Contains("sister") || clear.Contains("kill myself") || clear.Contains(memberKey),
                    $"{where} still holds something of hers, encrypted");
            }
        }
    }

    private static List<(string Table, string Pk, string Rk, string Data)> ReadAll(string path)
    {
        var rows = new List<(string, string, string, string)>();
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tbl, pk, rk, data FROM entities";
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return rows;
    }

    private static List<string> Strings(string json)
    {
        using var document = JsonDocument.Parse(json);
        var found = new List<string>();
        Walk(document.RootElement);
        return found;

        void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String: found.Add(element.GetString()!); break;
                case JsonValueKind.Object: foreach (var p in element.EnumerateObject()) Walk(p.Value); break;
                case JsonValueKind.Array: foreach (var i in element.EnumerateArray()) Walk(i); break;
            }
        }
    }
}
