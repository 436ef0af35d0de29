// The host's ceiling: the same Kestrel + minimal-API stack the bot uses, doing only what any webhook must do
// (read the whole form, answer TwiML) and nothing else: no signature check, no storage, no pipeline.
var builder = WebApplication.CreateSlimBuilder(args);
// Request logging would cost more than the endpoint itself; the bot runs at its own configured levels.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();

const string Reply = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>Thanks, got it.</Message></Response>";

app.MapPost("/sms/inbound", async (HttpRequest request, CancellationToken ct) =>
{
    if (!request.HasFormContentType) return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
    IFormCollection form;
    // Malformed forms (bad encoding, values over FormOptions limits) are the client's fault: 400, as a real webhook should.
    try { form = await request.ReadFormAsync(ct); }
    catch (InvalidDataException) { return Results.BadRequest(); }
    // Touch the fields a real handler reads so the form is not just buffered but parsed and looked up.
    _ = form["From"].ToString().Length + form["Body"].ToString().Length + form["MessageSid"].ToString().Length;
    return Results.Text(Reply, "application/xml");
});
app.MapGet("/healthz", () => Results.Text("ok"));

app.Run();
