using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LoadDriver;

/// <summary>
/// <c>LoadDriver twilio-standin</c>: a stand-in for Twilio's REST API (POST /2010-04-01/Accounts/{sid}/Messages.json)
/// that fails a seeded fraction of requests the ways Twilio and networks fail: 429 with Retry-After 1, 500, or a hang
/// past the bot's 10 s client timeout. Every request it accepts (201) is appended to a JSONL record as
/// (to, bodyHash, sid) so the fault script can count lost and duplicated messages. Bodies are hashed, never stored:
/// the record holds no message text.
/// <para>A hang ends by aborting the connection and is NOT recorded as accepted. Real Twilio might have accepted such a
/// request (the bot cannot tell and will resend: the at-least-once case the outbox documents); the stand-in takes the
/// "not accepted" branch so any duplicate it records is one the bot should not have produced.</para>
/// </summary>
public static class TwilioStandIn
{
    public static async Task<int> RunAsync(string[] args)
    {
        int port = 0, seed = 7;
        double failRate = 0.3, hangRate = 0.0, hangSeconds = 12;
        string? record = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--port": port = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--fail-rate": failRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                // Share of all requests that hang (taken out of --fail-rate): each costs the bot's dispatcher a full
                // client timeout, so a run wants few of them.
                case "--hang-rate": hangRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--hang-seconds": hangSeconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--record": record = Value(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (port <= 0) throw new ArgumentException("--port is required");
        if (record is null) throw new ArgumentException("--record is required");
        hangRate = Math.Min(hangRate, failRate);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Loopback only: the bench never listens beyond this machine.
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();

        var random = new Random(seed);
        var gate = new Lock();
        var writer = new StreamWriter(record, append: true, new UTF8Encoding(false)) { AutoFlush = true };
        long accepted = 0, tooMany = 0, errors = 0, hangs = 0;

        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", async (string sid, HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var to = form["To"].ToString();
            var body = form["Body"].ToString();
            if (to.Length == 0 || body.Length == 0 || (form["From"].Count == 0 && form["MessagingServiceSid"].Count == 0))
                return Results.Json(new { code = 21604, message = "missing To, Body or From", status = 400 }, statusCode: 400);
            double roll;
            // One seeded sequence shared by all requests, so a run with the same order of requests replays the same faults.
            lock (gate) roll = random.NextDouble();
            if (roll < hangRate)
            {
                Interlocked.Increment(ref hangs);
                try { await Task.Delay(TimeSpan.FromSeconds(hangSeconds), context.RequestAborted); } catch (OperationCanceledException) { }
                context.Abort();
                return Results.Empty;
            }
            if (roll < hangRate + (failRate - hangRate) / 2)
            {
                Interlocked.Increment(ref tooMany);
                context.Response.Headers.RetryAfter = "1";
                return Results.Json(new { code = 20429, message = "Too Many Requests", status = 429 }, statusCode: 429);
            }
            if (roll < failRate)
            {
                Interlocked.Increment(ref errors);
                return Results.Json(new { code = 20500, message = "Internal Server Error", status = 500 }, statusCode: 500);
            }
            var messageSid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var bodyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..16];
            var line = JsonSerializer.Serialize(new { to, bodyHash, sid = messageSid, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            lock (gate) writer.WriteLine(line);
            Interlocked.Increment(ref accepted);
            return Results.Json(new { sid = messageSid, status = "queued", to, account_sid = sid }, statusCode: 201);
        });
        app.MapGet("/stats", () => Results.Json(new { accepted, tooMany, errors, hangs }));

        Console.WriteLine($"twilio-standin on http://127.0.0.1:{port} fail-rate {failRate} hang-rate {hangRate} seed {seed}");
        await app.RunAsync();
        await writer.DisposeAsync();
        return 0;
    }
}

/// <summary>
/// <c>LoadDriver send --url U --auth-token T --from +1555... --body "text"</c>: one signed webhook, as Twilio sends it.
/// Prints the HTTP status on the first line and the response body after it, so a script can assert on the TwiML.
/// </summary>
public static class SendOne
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? url = null, token = null, from = null, body = null, script = null, output = null;
        var timeout = 15.0;
        var concurrency = 8;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--url": url = Value(); break;
                case "--auth-token": token = Value(); break;
                case "--from": from = Value(); break;
                case "--body": body = Value(); break;
                case "--timeout": timeout = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--script": script = Value(); break;
                case "--out": output = Value(); break;
                case "--concurrency": concurrency = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (url is null || token is null) throw new ArgumentException("send needs --url and --auth-token");
        if (script is not null) return await RunScriptAsync(url, token, script, output, concurrency, timeout);
        if (from is null || body is null) throw new ArgumentException("send needs --from and --body (or --script FILE)");
        var options = Options.Parse(["--url", url, "--auth-token", token]);
        var factory = new PayloadFactory(options);
        var fields = factory.TwilioFields(from, body);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(timeout) };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioSignature.Compute(token, url, fields));
        try
        {
            using var response = await http.SendAsync(request);
            Console.WriteLine((int)response.StatusCode);
            Console.WriteLine(await response.Content.ReadAsStringAsync());
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // A dropped or timed-out request is a result for the caller to judge, not a crash of the tool.
            Console.WriteLine("000");
            Console.WriteLine(e.GetType().Name);
            return 0;
        }
    }

    /// <summary>
    /// --script FILE: lines "from&lt;TAB&gt;body". One sender's lines go in file order, one at a time (as SMS from one phone
    /// arrive); different senders run in parallel. Writes one JSONL result per line to --out (status and reply), and
    /// exits 1 on any 5xx or dropped request. Starting one process for hundreds of turns is what makes onboarding
    /// a few hundred members take seconds instead of minutes.
    /// </summary>
    private static async Task<int> RunScriptAsync(string url, string token, string script, string? output, int concurrency, double timeout)
    {
        var lines = File.ReadAllLines(script).Where(l => l.Contains('\t')).Select(l => l.Split('\t', 2)).ToList();
        var bySender = lines.GroupBy(l => l[0]).ToList();
        var options = Options.Parse(["--url", url, "--auth-token", token]);
        var factory = new PayloadFactory(options);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(timeout) };
        var results = new System.Collections.Concurrent.ConcurrentBag<string>();
        long bad = 0;
        await Parallel.ForEachAsync(bySender, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (sender, ct) =>
        {
            foreach (var line in sender)
            {
                var fields = factory.TwilioFields(line[0], line[1]);
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
                request.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioSignature.Compute(token, url, fields));
                int status;
                string reply;
                try
                {
                    using var response = await http.SendAsync(request, ct);
                    status = (int)response.StatusCode;
                    reply = await response.Content.ReadAsStringAsync(ct);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                    reply = e.GetType().Name;
                }
                if (status is 0 or >= 500) Interlocked.Increment(ref bad);
                results.Add(JsonSerializer.Serialize(new { from = line[0], body = line[1], status, reply }));
            }
        });
        if (output is not null) await File.WriteAllLinesAsync(output, results);
        Console.WriteLine($"send --script: {lines.Count} webhooks from {bySender.Count} senders, {bad} 5xx or dropped");
        return bad == 0 ? 0 : 1;
    }
}
