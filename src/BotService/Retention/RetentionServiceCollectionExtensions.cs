using BotService.Retention;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// In this namespace, as is usual for AddXxx extensions, so the host's one-line registration needs no using.
namespace Microsoft.Extensions.DependencyInjection;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>The retention purge: options (section <c>Retention</c>, validated at start) and its background job.
    /// Needs an <see cref="BotService.Storage.ITableStore"/> and a <see cref="TimeProvider"/> registered.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RetentionPurger>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
