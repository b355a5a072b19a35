using BigTechChat.AppHost;
using Microsoft.Extensions.Configuration;

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
using var shutdown = new ShutdownSignal();

if (string.Equals(configuration["mode"], "distributed", StringComparison.OrdinalIgnoreCase))
{
    await DistributedLauncher.RunAsync(configuration, AppHostCommandLine.Ports(configuration), shutdown);
    return;
}

await using var system = await EmbeddedSystem.StartAsync(AppHostCommandLine.EmbeddedOptions(configuration, args), shutdown.Token);
Console.WriteLine(StartupBanner.Render(system));
await shutdown.WaitAsync();
Console.WriteLine("Stopping BigTech Chat ...");
