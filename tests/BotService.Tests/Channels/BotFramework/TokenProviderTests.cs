using Azure.Core;
using BotService.Channels.BotFramework;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BotService.Tests.Channels.BotFramework;

/// <summary>The app token for outbound calls, against a local stand-in for the Microsoft identity token endpoint.</summary>
public class TokenProviderTests : IAsyncLifetime
{
    private TestAuthority _authority = null!;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() => _authority = await TestAuthority.StartAsync();
    public async Task DisposeAsync() => await _authority.DisposeAsync();

    private BotConnectorTokenProvider Provider(Action<BotFrameworkOptions>? configure = null, TokenCredential? credential = null)
    {
        var options = new BotFrameworkOptions { AppId = "app-123", AppPassword = "s3cret", TokenEndpoint = _authority.TokenEndpoint };
        configure?.Invoke(options);
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new BotConnectorTokenProvider(Options.Create(options), http, _time, NullLogger<BotConnectorTokenProvider>.Instance, credential);
    }

    [Fact]
    public async Task Client_credentials_request_carries_the_right_form_fields()
    {
        var token = await Provider().GetTokenAsync(CancellationToken.None);

        Assert.Equal("app-token-1", token);
        Assert.True(_authority.TokenRequests.TryDequeue(out var form));
        Assert.Equal(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "app-123",
            ["client_secret"] = "s3cret",
            ["scope"] = "https://api.botframework.com/.default",
        }, form);
    }

    [Fact]
    public async Task Token_is_cached_until_shortly_before_it_expires()
    {
        var provider = Provider();

        var first = await provider.GetTokenAsync(CancellationToken.None);
        var parallel = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => provider.GetTokenAsync(CancellationToken.None)));
        _time.Advance(TimeSpan.FromMinutes(54));
        var stillCached = await provider.GetTokenAsync(CancellationToken.None);
        Assert.Equal(1, _authority.TokenRequestCount);

        _time.Advance(TimeSpan.FromMinutes(2)); // 56 minutes: inside the 5 minute early-refresh window of a 60 minute token
        var renewed = await provider.GetTokenAsync(CancellationToken.None);

        Assert.All(parallel.Append(stillCached), t => Assert.Equal(first, t));
        Assert.Equal("app-token-2", renewed);
        Assert.Equal(2, _authority.TokenRequestCount);
    }

    [Fact]
    public async Task Refused_token_request_is_a_token_exception_and_is_not_cached()
    {
        _authority.TokenEndpointFailure = 401;
        var provider = Provider();

        await Assert.ThrowsAsync<BotTokenException>(() => provider.GetTokenAsync(CancellationToken.None));
        _authority.TokenEndpointFailure = null;
        Assert.Equal("app-token-2", await provider.GetTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task No_app_id_means_no_token()
    {
        Assert.Null(await Provider(o => o.AppId = null).GetTokenAsync(CancellationToken.None));
        Assert.Equal(0, _authority.TokenRequestCount);
    }

    [Fact]
    public async Task Managed_identity_asks_for_the_bot_framework_scope_and_never_calls_the_token_endpoint()
    {
        var credential = new RecordingCredential(_time);
        var provider = Provider(o => { o.UseManagedIdentity = true; o.AppPassword = null; }, credential);

        Assert.Equal("mi-token-1", await provider.GetTokenAsync(CancellationToken.None));
        Assert.Equal("mi-token-1", await provider.GetTokenAsync(CancellationToken.None));

        Assert.Equal(["https://api.botframework.com/.default"], credential.Scopes);
        Assert.Equal(0, _authority.TokenRequestCount);
    }

    [Fact]
    public void Single_tenant_registration_uses_its_tenant_endpoint()
    {
        Assert.Equal("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token", new BotFrameworkOptions().EffectiveTokenEndpoint);
        Assert.Equal("https://login.microsoftonline.com/contoso-tenant/oauth2/v2.0/token",
            new BotFrameworkOptions { TenantId = "contoso-tenant" }.EffectiveTokenEndpoint);
        Assert.Equal("http://local/token", new BotFrameworkOptions { TenantId = "t", TokenEndpoint = "http://local/token" }.EffectiveTokenEndpoint);
    }

    private sealed class RecordingCredential(TimeProvider time) : TokenCredential
    {
        private int _n;
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return ValueTask.FromResult(new AccessToken($"mi-token-{++_n}", time.GetUtcNow().AddHours(1)));
        }
    }
}
