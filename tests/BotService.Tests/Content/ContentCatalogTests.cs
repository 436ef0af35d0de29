using BotService.Content;

namespace BotService.Tests.Content;

public class ContentCatalogTests
{
    private static string WriteContent(params (string Path, string Yaml)[] files)
    {
        var root = Directory.CreateTempSubdirectory().FullName;
        foreach (var (path, yaml) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, yaml);
        }
        return root;
    }

    [Fact]
    public void Loads_messages_with_file_budgets_overrides_and_placeholders()
    {
        var root = WriteContent(
            ("en/checkin.yaml", "budget: 2\nmessages:\n  thanks: \"Thanks, {name}! Day {days}.\"\n  prompt: { text: \"How are you?\", budget: 1, proactive: true }\n"),
            ("es/checkin.yaml", "budget: 2\nmessages:\n  thanks: \"¡Gracias, {name}!\"\n"),
            ("en/crisis-concepts.yaml", "imminent:\n  - kill myself\n"));

        var catalog = ContentCatalog.LoadFrom(root);

        var thanks = catalog.Message("en", "checkin.thanks");
        Assert.Equal(2, thanks.SegmentBudget);
        Assert.False(thanks.Proactive);
        Assert.Equal(new HashSet<string> { "name", "days" }, thanks.Placeholders);
        var prompt = catalog.Message("en", "checkin.prompt");
        Assert.Equal(1, prompt.SegmentBudget);
        Assert.True(prompt.Proactive);
        Assert.Equal("Thanks, Ana! Day 3.", catalog.Text("en", "checkin.thanks", ("name", "Ana"), ("days", 3)));
        Assert.Equal("¡Gracias, Ana!", catalog.Text("es", "checkin.thanks", ("name", "Ana")));
        // A key missing in Spanish falls back to English rather than failing a member's turn.
        Assert.Equal("How are you?", catalog.Text("es", "checkin.prompt"));
        // Phrase lists are not messages.
        Assert.DoesNotContain(catalog.Messages("en"), m => m.Key.StartsWith("crisis-concepts", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_file_names_itself_and_the_line()
    {
        var root = WriteContent(("en/menu.yaml", "messages:\n  a: \"ok\"\n  b: [unclosed\n"));
        var error = Assert.Throws<InvalidDataException>(() => ContentCatalog.LoadFrom(root));
        Assert.Contains("menu.yaml", error.Message);
        Assert.Contains("line", error.Message);
    }

    [Fact]
    public void Unknown_key_says_where_it_looked()
    {
        var catalog = ContentCatalog.LoadFrom(WriteContent(("en/a.yaml", "messages:\n  x: y\n")));
        var error = Assert.Throws<KeyNotFoundException>(() => catalog.Message("es", "a.nope"));
        Assert.Contains("dialogs/es/", error.Message);
    }
}
