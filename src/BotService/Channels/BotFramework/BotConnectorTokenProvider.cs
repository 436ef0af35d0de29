using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace BotService.Channels.BotFramework;

/// <summary>
/// The app token our outbound calls to the connector carry. Client credentials with the app secret, or the host's
/// managed identity. Cached until shortly before it expires so a burst of check-ins costs one token request.
/// Returns null in emulator mode (no App ID): the emulator accepts unauthenticated replies.
/// </summary>
public sealed partial class BotConnectorTokenProvider : IDisposable
{
    internal const string HttpClientName = "BotFramework.Token";
    // Refresh a little early so a token never expires between reading it and the connector checking it.
    private static readonly TimeSpan EarlyRefresh = TimeSpan.FromMinutes(5);

    private readonly IOptions<BotFrameworkOptions> _options;
    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _time;
    private readonly ILogger<BotConnectorTokenProvider> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<TokenCredential> _managedIdentity;
    private (string Token, DateTimeOffset RefreshAt)? _cached;

    public BotConnectorTokenProvider(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClients, TimeProvider time,
        ILogger<BotConnectorTokenProvider> logger)
        : this(options, httpClients, time, logger, credential: null)
    {
    }

    /// <summary>Tests pass their own credential. Not taken from DI on purpose: a TokenCredential registered there for
    /// storage would be the wrong identity for the connector.</summary>
    internal BotConnectorTokenProvider(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClients, TimeProvider time,
        ILogger<BotConnectorTokenProvider> logger, TokenCredential? credential)
    {
        _options = options;
        _httpClients = httpClients;
        _time = time;
        _logger = logger;
        // The Azure Bot "User-Assigned Managed Identity" type: its App ID is the identity's client id.
        _managedIdentity = new(() => credential ?? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.Value.AppId!)));
    }

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var o = _options.Value;
        if (!o.HasAppId) return null;
        if (_cached is { } hit && _time.GetUtcNow() < hit.RefreshAt) return hit.Token;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && _time.GetUtcNow() < again.RefreshAt) return again.Token;
            var (token, expiresAt) = o.UseManagedIdentity ? await FromManagedIdentityAsync(o, cancellationToken) : await FromSecretAsync(o, cancellationToken);
            var lifetime = expiresAt - _time.GetUtcNow();
            // Short-lived tokens (tests, unusual tenants): keep them for half their life instead.
            var margin = lifetime > EarlyRefresh * 2 ? EarlyRefresh : lifetime / 2;
            _cached = (token, expiresAt - margin);
            return token;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Forget the cached token (the connector said 401: it may have been revoked).</summary>
    public void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();

    private async Task<(string, DateTimeOffset)> FromManagedIdentityAsync(BotFrameworkOptions o, CancellationToken cancellationToken)
    {
        try
        {
            var token = await _managedIdentity.Value.GetTokenAsync(new TokenRequestContext([o.Scope]), cancellationToken);
            return (token.Token, token.ExpiresOn);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogManagedIdentityFailed(_logger, ex.GetType().Name);
            throw new BotTokenException("Managed identity token request failed.", ex);
        }
    }

    private async Task<(string, DateTimeOffset)> FromSecretAsync(BotFrameworkOptions o, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(o.AppPassword))
            throw new BotTokenException("BotFramework:AppPassword is not set (or set BotFramework:UseManagedIdentity).");
        using var request = new HttpRequestMessage(HttpMethod.Post, o.EffectiveTokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.AppId!,
                ["client_secret"] = o.AppPassword,
                ["scope"] = o.Scope,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try { response = await _httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken); }
        catch (HttpRequestException ex) { throw new BotTokenException("Token endpoint unreachable.", ex); }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                // The body may echo the client id; the status is enough to diagnose a wrong secret or tenant.
                LogTokenRefused(_logger, (int)response.StatusCode);
                throw new BotTokenException($"Token endpoint answered {(int)response.StatusCode}.");
            }
            var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new BotTokenException("Token endpoint returned no body.");
            if (string.IsNullOrEmpty(body.AccessToken)) throw new BotTokenException("Token endpoint returned no access_token.");
            return (body.AccessToken, _time.GetUtcNow().AddSeconds(Math.Max(body.ExpiresIn, 0)));
        }
    }

    private sealed class TokenResponse
    {
        [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
        [JsonPropertyName("expires_in"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public long ExpiresIn { get; set; }
        [JsonPropertyName("token_type")] public string? TokenType { get; set; }
    }

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Managed identity token for the Bot Framework connector failed ({Error}).")]
    private static partial void LogManagedIdentityFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "Bot Framework token request refused with HTTP {Status}.")]
    private static partial void LogTokenRefused(ILogger logger, int status);
}
