using BenchmarkDotNet.Running;

namespace BotService.Bench;

// Run: dotnet run -c Release --project bench/BotService.Bench -- --filter '*'
//      dotnet run -c Release --project bench/BotService.Bench -- crisis-eval [heldout|examples|<writer>|<folder>] [--mistakes] [--rules-only] [--dialogs <folder>]
//      dotnet run -c Release --project bench/BotService.Bench -- crisis-cv [--rules <dialogs folder>] [--l2 X] [--epochs N] [--rate X] [--seed N] [--at P] [--mistakes] | --explain <texts...>
//      dotnet run -c Release --project bench/BotService.Bench -- paging-load
//      dotnet run -c Release --project bench/BotService.Bench -- schedule-scale [--members 100000] [--azurite] [--one-by-one]
public static class BenchProgram
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "crisis-eval") return CrisisEvaluationCommand.Run(args);
        if (args.Length > 0 && args[0] == "crisis-cv") return CrisisLearnedLayerExperiment.Run(args);
        if (args.Length > 0 && args[0] == "scale-out") return ScaleOutScenario.RunAsync(args[1..]).GetAwaiter().GetResult();
        if (args.Length > 0 && args[0] == "schedule-scale") return ScheduleScaleCommand.RunAsync(args[1..]).GetAwaiter().GetResult();
        if (args.Length > 0 && args[0] == "paging-load") return PagingLoadScenario.RunAsync(args[1..]).GetAwaiter().GetResult();
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }
}
