using System.Text;

namespace LoadDriver;

/// <summary>
/// Random and malformed webhooks, half of them correctly signed so they get past the signature check and into
/// parsing and the pipeline. Any 5xx or dropped connection is a bug: bad input must get a 4xx or a polite reply.
/// </summary>
public static class Fuzz
{
    private static readonly string[] ContentTypes =
    [
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8",
        "application/x-www-form-urlencoded; charset=latin1", "application/json", "text/plain", "text/xml",
        "multipart/form-data", "multipart/form-data; boundary=xyz", "application/octet-stream", "", "garbage/;;;",
    ];

    private static readonly string[] FieldNames =
    [
        "From", "To", "Body", "MessageSid", "SmsSid", "AccountSid", "NumMedia", "MediaUrl0", "MediaContentType0",
        "ApiVersion", "SmsStatus", "NumSegments", "FromCountry", "OptOutType", "ButtonText", "X", "",
    ];

    public static async Task<RunResult> RunAsync(Options options)
    {
        using var client = LoadRun.CreateClient(options);
        var payloads = new PayloadFactory(options);
        var recorder = new Recorder(options.Concurrency);
        var total = options.Fuzz ?? 0;
        long next = -1;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var latencies = recorder.For(worker);
            long i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                // Seeded per request: any failing case can be replayed from its index.
                var random = new Random(options.Seed * 7919 + (int)i);
                using var request = Build(random, payloads, options);
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                var status = await LoadRun.SendAsync(client, request);
                latencies.Add(System.Diagnostics.Stopwatch.GetTimestamp() - start);
                recorder.Count(status);
                if (status.StartsWith('5') || status.StartsWith("transport", StringComparison.Ordinal))
                    Console.Error.WriteLine($"fuzz case {i} (seed {options.Seed}) -> {status}");
            }
        })).ToArray();
        await Task.WhenAll(workers);
        watch.Stop();
        return recorder.Summarize(options, watch.Elapsed.TotalSeconds, LoadRun.PeakMemoryMb(options.Pid), 0);
    }

    private static HttpRequestMessage Build(Random random, PayloadFactory payloads, Options options)
    {
        List<KeyValuePair<string, string>> fields = random.Next(6) switch
        {
            // A realistic webhook with one hostile field.
            0 or 1 => Mutate(random, payloads.TwilioFields(RandomFrom(random), RandomText(random, options))),
            // Missing fields.
            2 => payloads.TwilioFields(RandomFrom(random), RandomText(random, options))
                .Where(_ => random.Next(3) != 0).ToList(),
            // Entirely random fields.
            3 => Enumerable.Range(0, random.Next(0, 30))
                .Select(_ => new KeyValuePair<string, string>(Pick(random, FieldNames) + (random.Next(4) == 0 ? RandomAscii(random, 5) : ""), RandomText(random, options)))
                .ToList(),
            // Huge body text.
            4 => payloads.TwilioFields(RandomFrom(random), new string('A', random.Next(1, options.MaxFuzzBodyBytes))),
            _ => payloads.TwilioFields("+1555" + random.Next(1000000, 9999999).ToString(System.Globalization.CultureInfo.InvariantCulture), RandomText(random, options)),
        };

        var request = new HttpRequestMessage(HttpMethod.Post, options.Url);
        var signatureMode = random.Next(5);
        byte[] body = random.Next(8) switch
        {
            // Raw bytes: invalid UTF-8 and broken percent-encoding that FormUrlEncodedContent would never produce.
            0 => RawInvalidUtf8(random, fields),
            1 => RandomBytes(random, random.Next(0, random.Next(2) == 0 ? 256 : options.MaxFuzzBodyBytes)),
            _ => Encoding.ASCII.GetBytes(Encode(fields)),
        };
        var content = new ByteArrayContent(body);
        var contentType = random.Next(3) == 0 ? Pick(random, ContentTypes) : ContentTypes[0];
        if (contentType.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Content = content;

        var signature = signatureMode switch
        {
            // Valid for the fields we meant to send (the server sees what it sees after parsing).
            0 or 1 => TwilioSignature.Compute(options.AuthToken, payloads.SigningUrl, fields),
            2 => TwilioSignature.Compute("wrong-token", payloads.SigningUrl, fields),
            3 => RandomAscii(random, random.Next(0, 200)),
            _ => null,
        };
        if (signature is not null) request.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature);
        return request;
    }

    private static List<KeyValuePair<string, string>> Mutate(Random random, List<KeyValuePair<string, string>> fields)
    {
        var index = random.Next(fields.Count);
        fields[index] = new(fields[index].Key, random.Next(4) switch
        {
            0 => "",
            1 => new string('9', random.Next(1, 5000)),
            2 => "\0\u0001\u202e<Response><Redirect>x</Redirect></Response>]]>&amp;",
            _ => RandomUnicode(random, random.Next(1, 400)),
        });
        if (random.Next(3) == 0) fields.Add(fields[index]); // duplicate key
        return fields;
    }

    private static string RandomFrom(Random random) => random.Next(6) switch
    {
        0 => "",
        1 => "+1",
        2 => "whatsapp:+15551234567",
        3 => "+" + new string('5', random.Next(1, 40)),
        4 => "not a number",
        _ => "+1555" + random.Next(1000000, 9999999).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string RandomText(Random random, Options options) => random.Next(8) switch
    {
        0 => "",
        1 => MemberTexts[random.Next(MemberTexts.Length)],
        2 => SimulatedMember.CrisisText,
        3 => RandomUnicode(random, random.Next(1, 1600)),
        4 => new string('x', random.Next(1, Math.Min(options.MaxFuzzBodyBytes, 70_000))),
        5 => "STOP",
        6 => "😀🙏🏽 ñ ü 中文 عربى \u200d\ufeff",
        _ => RandomAscii(random, random.Next(0, 200)),
    };

    private static readonly string[] MemberTexts = ["yes", "no", "1", "8am", "CHECKIN", "COPE", "MORE", "SKIP", "HELP", "START", "MENU", "PAUSE"];

    private static string Encode(List<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));

    private static byte[] RawInvalidUtf8(Random random, List<KeyValuePair<string, string>> fields)
    {
        var text = Encode(fields) + "&Body=%FF%FE%C3%28%E2%82" + (random.Next(2) == 0 ? "%" : "%G1") + "&=&&==";
        var bytes = Encoding.ASCII.GetBytes(text).ToList();
        // Unencoded high bytes in the middle of the form.
        for (var n = random.Next(1, 20); n > 0; n--) bytes.Insert(random.Next(bytes.Count), (byte)random.Next(0x80, 0x100));
        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomAscii(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x20, 0x7f)).ToArray());

    private static string RandomUnicode(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var c = (char)random.Next(0, 0xFFFF);
            // Lone surrogates cannot be UTF-8 encoded by the client; the raw-bytes cases cover invalid UTF-8.
            builder.Append(char.IsSurrogate(c) ? '?' : c);
        }
        return builder.ToString();
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
