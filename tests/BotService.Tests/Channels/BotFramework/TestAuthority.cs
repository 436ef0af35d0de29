using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BotService.Tests.Channels.BotFramework;

/// <summary>
/// Stands in for login.botframework.com and the token endpoint, on a real Kestrel socket: OpenID metadata, a JWKS
/// with a test RSA key, tokens signed by it, and a client-credentials endpoint that records what it was sent.
/// </summary>
public sealed class TestAuthority : IAsyncDisposable
{
    public const string Issuer = "https://api.test-botframework.invalid";
    public const string KeyId = "test-key-1";

    private readonly WebApplication _app;
    private RsaSecurityKey _key;
    private readonly RsaSecurityKey _unknownKey;
    private int _tokenRequests;

    public ConcurrentQueue<Dictionary<string, string>> TokenRequests { get; } = new();
    public int TokenRequestCount => _tokenRequests;
    /// <summary>Seconds the token endpoint says its tokens live.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;
    /// <summary>Non-null: the token endpoint answers this status instead.</summary>
    public int? TokenEndpointFailure { get; set; }
    /// <summary>Channels the signing key is endorsed for; null publishes no endorsements.</summary>
    public string[]? Endorsements { get; }

    private TestAuthority(string[]? endorsements)
    {
        Endorsements = endorsements;
        _key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = KeyId };
        _unknownKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "not-published" };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/.well-known/openidconfiguration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = BaseUrl + "authorize",
            ["jwks_uri"] = BaseUrl + "keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        }));
        _app.MapGet("/keys", () =>
        {
            var p = _key.Rsa.ExportParameters(false);
            var jwk = new Dictionary<string, object>
            {
                ["kty"] = "RSA", ["use"] = "sig", ["kid"] = _key.KeyId!,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            };
            if (Endorsements is not null) jwk["endorsements"] = Endorsements;
            return Results.Json(new { keys = new[] { jwk } });
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            TokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            var n = Interlocked.Increment(ref _tokenRequests);
            if (TokenEndpointFailure is int status) return Results.Json(new { error = "invalid_client" }, statusCode: status);
            return Results.Json(new { token_type = "Bearer", expires_in = TokenLifetimeSeconds, ext_expires_in = TokenLifetimeSeconds, access_token = $"app-token-{n}" });
        });
    }

    /// <summary>Key rollover: publish a new key (and only it) and sign with it from now on.</summary>
    public void RotateKey() => _key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key-" + Guid.NewGuid().ToString("n")[..8] };

    public string BaseUrl { get; private set; } = "";
    public string MetadataUrl => BaseUrl + ".well-known/openidconfiguration";
    public string TokenEndpoint => BaseUrl + "token";

    public static async Task<TestAuthority> StartAsync(string[]? endorsements = null)
    {
        var authority = new TestAuthority(endorsements);
        await authority._app.StartAsync();
        authority.BaseUrl = authority._app.Urls.Single().TrimEnd('/') + "/";
        return authority;
    }

    /// <summary>A channel token as the Bot Framework channel service would send it; every part can be spoiled.</summary>
    public string CreateToken(string audience, string serviceUrl, string issuer = Issuer, DateTimeOffset? expires = null,
        bool signWithUnknownKey = false, bool includeServiceUrl = true)
    {
        var exp = expires ?? DateTimeOffset.UtcNow.AddMinutes(30);
        var claims = new Dictionary<string, object> { ["ver"] = "1.0" };
        if (includeServiceUrl) claims["serviceurl"] = serviceUrl;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddHours(-1).UtcDateTime,
            NotBefore = exp.AddHours(-1).UtcDateTime,
            Expires = exp.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(signWithUnknownKey ? _unknownKey : _key, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
