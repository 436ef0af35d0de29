using System.Security.Cryptography;
using System.Text;
using BotService.Privacy;
using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

/// <summary>
/// The coordinator's API: volunteers, the escalation log, and closing or dismissing a case. Answers never carry a phone number (two digits at most)
/// or a message text.
/// </summary>
public static class AdminEndpoints
{
    public sealed record AddVolunteerRequest(string? Name, string? Phone, string[]? Languages);

    /// <summary>Outcome: safe, referred, emergency, noanswer or dismissed (default: dismissed, e.g. a test or a duplicate).</summary>
    public sealed record CloseEscalationRequest(string? Reason, string? Outcome);

    public static WebApplication MapAdmin(this WebApplication app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(RequireKey);

        admin.MapPost("/volunteers", async (AddVolunteerRequest body, VolunteerDirectory volunteers, TimeProvider time, CancellationToken ct) =>
        {
            var problems = new[]
            {
                CoordinatorInput.CheckName(body.Name, out var name), CoordinatorInput.CheckPhone(body.Phone, out var e164),
                CoordinatorInput.CheckLanguages(body.Languages, out var languages),
            };
            if (problems.FirstOrDefault(p => p is not null) is { } problem) return Results.Problem(statusCode: 400, title: problem);
            try
            {
                var v = await volunteers.AddAsync(name, e164, languages, time.GetUtcNow(), ct);
                return Results.Created($"/admin/volunteers/{v.Id}", View(v, e164));
            }
            catch (EntityAlreadyExistsException)
            {
                return Results.Problem(statusCode: 409, title: "A volunteer with this phone number is already registered.");
            }
        });

        admin.MapGet("/volunteers", async (VolunteerDirectory volunteers, CancellationToken ct) =>
            Results.Json((await volunteers.AllAsync(ct)).Select(v => View(v, volunteers.PhoneOf(v)))));

        admin.MapDelete("/volunteers/{id}", async (string id, VolunteerDirectory volunteers, CancellationToken ct) =>
            id.Length == 16 && id.All(char.IsAsciiHexDigitLower) && await volunteers.DeleteAsync(id, ct) ? Results.NoContent() : Results.NotFound());

        admin.MapGet("/escalations", async (EscalationStore store, CancellationToken ct) =>
        {
            var all = (await store.AllAsync(ct)).OrderByDescending(r => r.OpenedAt).ToList();
            var list = new List<object>();
            foreach (var r in all)
            {
                var events = await store.EventsAsync(r.Code, ct);
                list.Add(new
                {
                    code = r.Code,
                    severity = r.Severity.ToString(),
                    category = r.Category.ToString(),
                    peerRequest = r.PeerRequest,
                    language = r.Language,
                    status = r.Status.ToString(),
                    claimedBy = r.ClaimedBy,
                    openedAt = r.OpenedAt,
                    firstPagedAt = r.FirstPagedAt,
                    firstClaimedAt = r.FirstClaimedAt,
                    lastVolunteerTextAt = r.LastVolunteerTextAt,
                    closedAt = r.ClosedAt,
                    pageCount = r.PageCount,
                    coordinatorPaged = r.CoordinatorPaged,
                    outcome = r.Outcome.ToString(),
                    closeReason = r.CloseReason,
                    events = events.Select(e => new { kind = e.Kind.ToString(), at = e.At, volunteerId = e.VolunteerId, detail = e.Detail }),
                });
            }
            return Results.Json(new { metrics = EscalationMetrics.From(all), escalations = list });
        });

        admin.MapPost("/escalations/{code}/close", async (string code, CloseEscalationRequest body, EscalationCloser closer, CancellationToken ct) =>
        {
            if (!EscalationCode.TryParse(code, out var parsed)) return Results.NotFound();
            var problems = new[] { CoordinatorInput.CheckReason(body.Reason, out var reason), CoordinatorInput.CheckOutcome(body.Outcome, out var outcome) };
            if (problems.FirstOrDefault(p => p is not null) is { } problem) return Results.Problem(statusCode: 400, title: problem);
            return await closer.CloseAsync(parsed, outcome, reason, ct) switch
            {
                null => Results.NotFound(),
                false => Results.Problem(statusCode: 409, title: "The escalation is already closed."),
                true => Results.NoContent(),
            };
        });
        return app;
    }

    private static object View(Volunteer v, string e164) => new
    {
        id = v.Id,
        name = v.Name,
        phoneEnding = PhoneNumber.Tail(e164),
        languages = v.LanguageList,
        onCall = v.OnCall,
        activeCases = v.ActiveCaseCount,
        createdAt = v.CreatedAt,
    };

    private static async ValueTask<object?> RequireKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var configured = context.HttpContext.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
        // No key configured means nobody may use the API, not that everybody may.
        if (string.IsNullOrWhiteSpace(configured))
            return Results.Problem(statusCode: 503, title: "The admin API is disabled: set Admin:ApiKey.");
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (!KeysMatch(presented, configured))
            return Results.Problem(statusCode: 401, title: "Missing or wrong admin key (Authorization: Bearer <key>).");
        return await next(context);
    }

    /// <summary>Constant time, and hashing first hides the key's length as well.</summary>
    internal static bool KeysMatch(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
