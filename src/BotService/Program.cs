using BotService.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddBotServices();

var app = builder.Build();
app.MapBotEndpoints();
app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
