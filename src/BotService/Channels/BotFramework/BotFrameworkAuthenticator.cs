using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace BotService.Channels.BotFramework;

/// <summary>
/// Validates the bearer token the Bot Framework channel service puts on every activity it posts to us: signed by a
/// key from the channel's OpenID metadata, issued by the channel service, for our App ID, not expired, and naming the
/// same serviceUrl as the activity (so a token captured from one activity cannot vouch for a URL we would later call).
/// </summary>
public sealed partial class BotFrameworkAuthenticator : IDisposable
{
    internal const string HttpClientName = "BotFramework.OpenIdMetadata";
    private const string ServiceUrlClaim = "serviceurl";

    private readonly IOptions<BotFrameworkOptions> _options;
    private readonly ILogger<BotFrameworkAuthenticator> _logger;
    private readonly Lazy<ConfigurationManager<OpenIdConnectConfiguration>> _metadata;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly HttpDocumentRetriever _documents;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    // Metadata fetched on demand when a token named a key we did not know (see FreshConfigurationAsync).
    private (OpenIdConnectConfiguration Config, DateTimeOffset FetchedAt)? _fresh;
    private static readonly TimeSpan MinForcedRefreshInterval = TimeSpan.FromMinutes(1);

    public BotFrameworkAuthenticator(IOptions<BotFrameworkOptions> options, IHostEnvironment environment,
        IHttpClientFactory httpClients, TimeProvider time, ILogger<BotFrameworkAuthenticator> logger)
    {
        _options = options;
        _logger = logger;
        _time = time;
        var o = options.Value;
        AuthDisabled = o.DisableAuthInDevelopment && environment.IsDevelopment() && !o.HasAppId;
        _documents = new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName)) { RequireHttps = o.RequireHttpsMetadata };
        // One manager for the process: it caches the keys and refreshes them on its own schedule (every 12 hours).
        _metadata = new(() => new ConfigurationManager<OpenIdConnectConfiguration>(
            o.OpenIdMetadataUrl, new OpenIdConnectConfigurationRetriever(), _documents));
    }

    /// <summary>True only in Development with no App ID configured: the Bot Framework Emulator's way.</summary>
    public bool AuthDisabled { get; }

    public void Dispose() => _refreshGate.Dispose();

    public async Task<BotAuthFailure> ValidateAsync(string? authorizationHeader, BotFrameworkActivity activity, CancellationToken cancellationToken)
    {
        if (AuthDisabled) return BotAuthFailure.None;
        if (string.IsNullOrEmpty(authorizationHeader) || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return BotAuthFailure.MissingToken;
        var token = authorizationHeader["Bearer ".Length..].Trim();
        if (token.Length == 0) return BotAuthFailure.MissingToken;
        // Without an App ID there is no audience to check; refuse rather than accept tokens minted for any bot.
        if (!_options.Value.HasAppId) return BotAuthFailure.InvalidToken;

        OpenIdConnectConfiguration config;
        try { config = await _metadata.Value.GetConfigurationAsync(cancellationToken); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMetadataUnavailable(_logger, ex.GetType().Name);
            return BotAuthFailure.MetadataUnavailable;
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(config));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The channel may have rolled its keys since we cached them: validate against fresh metadata.
            if (await FreshConfigurationAsync(cancellationToken) is { } fresh)
            {
                config = fresh;
                result = await _handler.ValidateTokenAsync(token, Parameters(config));
            }
        }
        if (!result.IsValid)
        {
            var failure = result.Exception is SecurityTokenSignatureKeyNotFoundException ? BotAuthFailure.UnknownSigningKey : BotAuthFailure.InvalidToken;
#pragma warning disable CA1873 // Only for a refused token; reading the type name costs nothing beside the validation that failed.
            LogRefusedToken(_logger, failure, result.Exception?.GetType().Name);
#pragma warning restore CA1873
            return failure;
        }

        var claimedUrl = result.Claims.TryGetValue(ServiceUrlClaim, out var value) ? value?.ToString() : null;
        if (claimedUrl is null || activity.ServiceUrl is null || !SameServiceUrl(claimedUrl, activity.ServiceUrl))
        {
            LogRefused(_logger, BotAuthFailure.ServiceUrlMismatch);
            return BotAuthFailure.ServiceUrlMismatch;
        }

        if (!IsEndorsed(config, result.SecurityToken, activity.ChannelId))
        {
            LogRefused(_logger, BotAuthFailure.ChannelNotEndorsed);
            return BotAuthFailure.ChannelNotEndorsed;
        }
        return BotAuthFailure.None;
    }

    /// <summary>
    /// Metadata fetched now rather than from the manager's cache. The manager's own RequestRefresh only refreshes in
    /// the background and hands back the stale keys, which would refuse the first activities after a key rollover.
    /// At most one fetch a minute, so tokens with made-up key ids cannot make us hammer the metadata endpoint.
    /// </summary>
    private async Task<OpenIdConnectConfiguration?> FreshConfigurationAsync(CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            if (_fresh is { } recent && _time.GetUtcNow() - recent.FetchedAt < MinForcedRefreshInterval) return recent.Config;
            var fetched = await OpenIdConnectConfigurationRetriever.GetAsync(_options.Value.OpenIdMetadataUrl, _documents, cancellationToken);
            _fresh = (fetched, _time.GetUtcNow());
            _metadata.Value.RequestRefresh();
            return fetched;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMetadataRefreshFailed(_logger, ex.GetType().Name);
            return null;
        }
        finally { _refreshGate.Release(); }
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration config)
    {
        var o = _options.Value;
        return new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuers = o.ValidIssuers,
            ValidateAudience = true,
            ValidAudience = o.AppId,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = o.ClockSkew,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            IssuerSigningKeys = config.SigningKeys,
        };
    }

    internal static bool SameServiceUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The channel service lists, per key, the channels it may sign for ("endorsements"). A key with a list
    /// must name the activity's channel; a key without one (tests, sovereign clouds) is not restricted.</summary>
    private static bool IsEndorsed(OpenIdConnectConfiguration config, SecurityToken token, string? channelId)
    {
        var kid = token.SigningKey?.KeyId ?? (token as JsonWebToken)?.Kid;
        var jwk = config.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == kid);
        if (jwk is null || !jwk.AdditionalData.TryGetValue("endorsements", out var raw) || raw is null) return true;
        var endorsements = raw switch
        {
            string single => [single],
            IEnumerable<string> list => list.ToList(),
            JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => x.GetString() ?? "").ToList(),
            System.Collections.IEnumerable items => items.Cast<object?>().Select(x => x?.ToString() ?? "").ToList(),
            _ => [],
        };
        return channelId is not null && endorsements.Contains(channelId, StringComparer.OrdinalIgnoreCase);
    }

    [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Bot Framework OpenID metadata could not be loaded ({Error}); refusing the request.")]
    private static partial void LogMetadataUnavailable(ILogger logger, string error);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Information, Message = "Refused a Bot Framework activity: {Failure} ({Error}).")]
    private static partial void LogRefusedToken(ILogger logger, BotAuthFailure failure, string? error);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Information, Message = "Refused a Bot Framework activity: {Failure}.")]
    private static partial void LogRefused(ILogger logger, BotAuthFailure failure);

    [LoggerMessage(EventId = 8008, Level = LogLevel.Warning, Message = "Bot Framework OpenID metadata refresh failed ({Error}).")]
    private static partial void LogMetadataRefreshFailed(ILogger logger, string error);
}
