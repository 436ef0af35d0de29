using BotService.Messaging;
using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.Members;

public static class MemberRegistration
{
    /// <summary>Her profile row, the send gate the outbox asks before texting her, and what every dialog shares.</summary>
    public static IServiceCollection AddMembers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MemberOptions>().Bind(configuration.GetSection(MemberOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MemberOptions>, MemberOptionsValidator>();
        services.AddSingleton<MemberRepository>();
        services.AddSingleton<IMemberSendGate, MemberSendGate>();
        services.AddSingleton<FlowServices>();
        services.AddSingleton<IMemberDataEraser, ProfileEraser>();
        return services;
    }
}
