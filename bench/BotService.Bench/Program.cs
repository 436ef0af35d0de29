using BenchmarkDotNet.Running;

namespace BotService.Bench;

// Run: dotnet run -c Release --project bench/BotService.Bench -- --filter '*'
public static class BenchProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
