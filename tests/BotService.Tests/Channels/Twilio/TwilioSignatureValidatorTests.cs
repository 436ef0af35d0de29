using System.Text;
using BotService.Channels.Twilio;
using BotService.Tests.Support;

namespace BotService.Tests.Channels.Twilio;

public sealed class TwilioSignatureValidatorTests
{
    private static IReadOnlyList<NodeTwilio.Vector> Vectors => NodeTwilio.Vectors;

    private static NodeTwilio.Vector Named(string start) => Vectors.Single(v => v.Name.StartsWith(start, StringComparison.Ordinal));

    [NodeTwilioFact]
    public void The_vectors_cover_ports_casing_unicode_repeats_and_json_bodies()
    {
        Assert.True(Vectors.Count >= 12, $"{Vectors.Count} vectors");
        Assert.Contains(Vectors, v => v.Url.Contains('?', StringComparison.Ordinal) && v.Body is null);
        Assert.Contains(Vectors, v => v.Url.Contains(":443/", StringComparison.Ordinal));
        Assert.Contains(Vectors, v => v.Url.Contains(":80/", StringComparison.Ordinal));
        Assert.Contains(Vectors, v => v.Parameters.Any(p => p.Value.Any(c => c > 0x7f)));
        Assert.Contains(Vectors, v => !v.SdkDictionary);
        Assert.Equal(2, Vectors.Count(v => v.Body is not null));
    }

    [NodeTwilioFact]
    public void Every_vector_validates_with_ours_and_with_twilios_sdk()
    {
        foreach (var v in Vectors)
        {
            var sdk = new global::Twilio.Security.RequestValidator(v.AuthToken);
            if (v.Body is not null)
            {
                Assert.True(TwilioSignatureValidator.IsValidJsonBody(v.AuthToken, v.Url, v.Body, v.Signature), v.Name);
                Assert.False(TwilioSignatureValidator.IsValidJsonBody(v.AuthToken, v.Url, v.Body + " ", v.Signature), v.Name);
                Assert.True(sdk.Validate(v.Url, v.Body, v.Signature), $"SDK: {v.Name}");
                continue;
            }
            Assert.True(TwilioSignatureValidator.IsValid(v.AuthToken, v.Url, v.Parameters, v.Signature), v.Name);
            Assert.Equal(v.Signature, TwilioSignatureValidator.Compute(v.AuthToken, v.Url, v.Parameters));
            Assert.False(TwilioSignatureValidator.IsValid("wrong-token", v.Url, v.Parameters, v.Signature), v.Name);
            if (v.Parameters.Count > 0)
            {
                var tampered = v.Parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value + "x")).ToList();
                Assert.False(TwilioSignatureValidator.IsValid(v.AuthToken, v.Url, tampered, v.Signature), v.Name);
            }
            // The SDK takes one value per name, so a form with a repeated name cannot be handed to it.
            if (v.SdkDictionary)
                Assert.True(sdk.Validate(v.Url, v.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), v.Signature), $"SDK: {v.Name}");
        }
    }

    [NodeTwilioFact]
    public void A_signature_made_with_or_without_the_default_port_is_accepted_on_either_url()
    {
        var plain = Named("form params, url with a query string");
        var withPort = Named("same request, url written with the default port :443");
        Assert.True(TwilioSignatureValidator.IsValid(plain.AuthToken, withPort.Url, plain.Parameters, plain.Signature));
        Assert.True(TwilioSignatureValidator.IsValid(withPort.AuthToken, plain.Url, withPort.Parameters, withPort.Signature));
        // Only the default port toggles: :8443 is another URL.
        Assert.False(TwilioSignatureValidator.IsValid(plain.AuthToken, plain.Url.Replace("mycompany.com", "mycompany.com:8443"), plain.Parameters, plain.Signature));
    }

    /// <summary>Why <see cref="TwilioSignatureValidator"/> is ours and not the SDK's: Twilio signs the URL as configured
    /// on the number, and a proxy in front of us may add or drop ":443". Twilio's SDK (8.2) finds a signature made with
    /// the port on a URL that lacks it, but not one made without the port on a URL that has it.</summary>
    [NodeTwilioFact]
    public void Ours_accepts_a_request_signed_without_the_port_and_seen_with_it_which_the_sdk_rejects()
    {
        var plain = Named("form params, url with a query string");
        var withPort = Named("same request, url written with the default port :443");
        var parameters = plain.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var sdk = new global::Twilio.Security.RequestValidator(plain.AuthToken);

        Assert.True(TwilioSignatureValidator.IsValid(plain.AuthToken, withPort.Url, plain.Parameters, plain.Signature));
        Assert.False(sdk.Validate(withPort.Url, parameters, plain.Signature),
            "Twilio's SDK now accepts this too: TwilioSignatureValidator's reason to exist is gone, consider the SDK's.");
        // The other direction both accept.
        Assert.True(sdk.Validate(plain.Url, parameters, withPort.Signature));
        Assert.True(TwilioSignatureValidator.IsValid(plain.AuthToken, plain.Url, plain.Parameters, withPort.Signature));
    }

    [NodeTwilioFact]
    public void Host_casing_is_part_of_what_was_signed()
    {
        var upper = Named("host casing");
        Assert.False(TwilioSignatureValidator.IsValid(upper.AuthToken, upper.Url.Replace("MyCompany", "mycompany"), upper.Parameters, upper.Signature));
    }

    [Theory]
    [InlineData("http://example.org/sms", "http://example.org:80/sms")]
    [InlineData("https://example.org:443/sms?x=1", "https://example.org/sms?x=1")]
    [InlineData("https://user@example.org/a", "https://user@example.org:443/a")]
    [InlineData("https://[::1]/a", "https://[::1]:443/a")]
    public void Url_variants_toggle_only_the_default_port(string url, string toggled) =>
        Assert.Equal([url, toggled], TwilioSignatureValidator.UrlVariants(url));

    [NodeTwilioFact]
    public void Every_one_character_mutation_of_a_valid_signature_is_rejected()
    {
        var v = Named("form params, url with a query string");
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= ";
        var rejected = 0;
        for (var i = 0; i < v.Signature.Length; i++)
        {
            foreach (var c in alphabet)
            {
                if (c == v.Signature[i]) continue;
                var mutated = v.Signature[..i] + c + v.Signature[(i + 1)..];
                // Base64's last character has unused low bits; a mutation that decodes to the same bytes is the same signature.
                if (SameBytes(mutated, v.Signature)) continue;
                Assert.False(TwilioSignatureValidator.IsValid(v.AuthToken, v.Url, v.Parameters, mutated), $"accepted {mutated}");
                rejected++;
            }
            Assert.False(TwilioSignatureValidator.IsValid(v.AuthToken, v.Url, v.Parameters, v.Signature.Remove(i, 1)));
            Assert.False(TwilioSignatureValidator.IsValid(v.AuthToken, v.Url, v.Parameters, v.Signature.Insert(i, "A")));
        }
        Assert.True(rejected > 1000);
        Assert.False(TwilioSignatureValidator.IsValid(v.AuthToken, v.Url, v.Parameters, ""));
        Assert.False(TwilioSignatureValidator.IsValid(v.AuthToken, v.Url, v.Parameters, null));
        Assert.False(TwilioSignatureValidator.IsValid("", v.Url, v.Parameters, v.Signature));
    }

    private static bool SameBytes(string a, string b)
    {
        try { return Convert.FromBase64String(a).AsSpan().SequenceEqual(Convert.FromBase64String(b)); }
        catch (FormatException) { return false; }
    }

    [NodeTwilioFact]
    public void Random_requests_match_twilios_node_helper()
    {
        var random = new Random(20240611);
        var cases = Enumerable.Range(0, 200).Select(i => RandomCase(random, i)).ToList();
        var reference = NodeTwilio.Sign(cases);
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            Assert.True(reference[i].Valid, $"case {i}: the helper rejects its own signature");
            Assert.Equal(reference[i].Signature, TwilioSignatureValidator.Compute(c.AuthToken, c.Url, c.Parameters));
            Assert.True(TwilioSignatureValidator.IsValid(c.AuthToken, c.Url, c.Parameters, reference[i].Signature), $"case {i} rejected");
            // Twilio's .NET SDK agrees, where it can be handed the form (one value per name).
            if (c.Parameters.Select(p => p.Key).Distinct(StringComparer.Ordinal).Count() == c.Parameters.Count)
                Assert.True(new global::Twilio.Security.RequestValidator(c.AuthToken).Validate(c.Url,
                    c.Parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), reference[i].Signature), $"case {i}: SDK rejected");
            // The same request seen with the default port toggled (a proxy's view of the URL) still validates.
            foreach (var variant in TwilioSignatureValidator.UrlVariants(c.Url))
                Assert.True(TwilioSignatureValidator.IsValid(c.AuthToken, variant, c.Parameters, reference[i].Signature));
            // Received order of a repeated key does not matter: the helper signs them sorted.
            var shuffled = c.Parameters.OrderBy(_ => random.Next()).ToList();
            Assert.True(TwilioSignatureValidator.IsValid(c.AuthToken, c.Url, shuffled, reference[i].Signature), $"case {i} shuffled rejected");
            // Dropping a parameter breaks it: validation covers every parameter received.
            if (c.Parameters.Count > 0)
            {
                var dropped = c.Parameters.Skip(1).ToList();
                if (!SameMultiset(dropped, c.Parameters))
                    Assert.False(TwilioSignatureValidator.IsValid(c.AuthToken, c.Url, dropped, reference[i].Signature), $"case {i} with a dropped parameter accepted");
            }
        }
    }

    private static bool SameMultiset(IEnumerable<KeyValuePair<string, string>> a, IEnumerable<KeyValuePair<string, string>> b) =>
        a.Distinct().Order(Comparer<KeyValuePair<string, string>>.Create((x, y) => string.CompareOrdinal(x.Key + "\0" + x.Value, y.Key + "\0" + y.Value)))
            .SequenceEqual(b.Distinct().Order(Comparer<KeyValuePair<string, string>>.Create((x, y) => string.CompareOrdinal(x.Key + "\0" + x.Value, y.Key + "\0" + y.Value))));

    private static readonly string[] Names = ["Body", "From", "To", "MessageSid", "AccountSid", "NumMedia", "body", "a", "A", "Z", "É", "ключ", "名", "x y", "+", "k1", "k10", "k2"];
    private static readonly string[] Pieces = ["", " ", "+", "&", "=", "%20", "ü", "ñ", "😀", "你好", "\n", "<tag>", "'", "\"", "a", "Z", "0", "+15555550100", "stop", "Tom & Jerry"];

    private static NodeTwilio.Case RandomCase(Random random, int index)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        var count = random.Next(0, 8);
        for (var i = 0; i < count; i++)
        {
            var name = Names[random.Next(Names.Length)];
            var repeats = random.Next(4) == 0 ? random.Next(2, 4) : 1;
            for (var r = 0; r < repeats; r++) parameters.Add(new(name, RandomValue(random)));
        }
        string[] hosts = ["https://bot.example.org", "https://bot.example.org:443", "http://localhost:5000", "http://example.com:80", "https://Example.COM"];
        var url = hosts[random.Next(hosts.Length)] + "/sms/inbound" + (random.Next(2) == 0 ? "" : "?q=" + index + "&r=a%20b");
        var token = random.Next(2) == 0 ? BotTestHost.AuthToken : "tok" + RandomValue(random).Replace("\n", "");
        return new NodeTwilio.Case(token.Length == 0 ? "t" : token, url, parameters);
    }

    private static string RandomValue(Random random)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(0, 4); i > 0; i--) builder.Append(Pieces[random.Next(Pieces.Length)]);
        return builder.ToString();
    }
}
