using BotService.CheckIns;
using BotService.Coping;
using BotService.Dialogs;
using BotService.Members;
using BotService.Volunteers;
using Microsoft.Extensions.Options;

namespace BotService.Turns;

/// <summary>Every dialog a member can be in, built once with the stores each one writes through.</summary>
public sealed class TurnDialogs(CheckInStore checkIns, IOpenCheckInLookup openCheckIns, IPeerSupportQueue peers,
    StrategyCounterStore strategies, IOptions<CheckInOptions> checkInOptions)
{
    public DialogSet Build()
    {
        var set = new DialogSet();
        foreach (var prompt in FlowDialogs.Prompts()) set.Add(prompt);
        return set
            .Add(OnboardingDialog.Create())
            .Add(CheckInDialog.Create(checkIns, openCheckIns, peers, checkInOptions.Value))
            .Add(CopingDialog.Create(strategies))
            .Add(MenuDialog.Create(peers))
            .Add(SettingsDialogs.SetTime())
            .Add(SettingsDialogs.Pause())
            .Add(SettingsDialogs.CodeWord())
            .Add(SettingsDialogs.Language())
            .Add(EraseDialog.Create());
    }
}
