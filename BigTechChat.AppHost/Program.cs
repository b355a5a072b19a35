using BigTechChat.AppHost;

var options = AppHostCommandLine.Parse(args);
using var shutdown = new ShutdownSignal();

await using var system = await EmbeddedSystem.StartAsync(options, shutdown.Token);
Console.WriteLine(StartupBanner.Render(system));

await shutdown.WaitAsync();
Console.WriteLine("Stopping BigTech Chat ...");
