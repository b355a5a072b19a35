using Microsoft.Extensions.Hosting;

namespace BigTechChat.EmbeddedHost;

/// <summary>Starts the embedded system with the process and stops it (gateway first) when the process stops.</summary>
internal sealed class EmbeddedSystemService(EmbeddedSystemOptions options) : IHostedService, IAsyncDisposable
{
    private EmbeddedSystem? _system;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _system = await EmbeddedSystem.StartAsync(options, cancellationToken);
        Console.WriteLine(StartupBanner.Render(_system));
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_system is { } system)
        {
            _system = null;
            await system.DisposeAsync();
        }
    }
}
