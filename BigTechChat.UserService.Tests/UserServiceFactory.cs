using BigTechChat.EventBus.InProcess;
using BigTechChat.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BigTechChat.UserService.Tests;

/// <summary>The user service in memory on its own temporary SQLite directory, with cheap bcrypt.</summary>
public sealed class UserServiceFactory : ServiceFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bigtechchat-user-tests-").FullName;

    /// <summary>Configuration overrides, e.g. a MariaDB connection string or a short presence TTL.</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    /// <summary>Another instance's broker, so that two factories act as two instances of one deployment.</summary>
    public InProcessBroker? SharedBroker { get; init; }

    /// <summary>Adds a <see cref="CommandRecorder"/>, so a test can list the SQL its calls run.</summary>
    public bool RecordCommands { get; init; }

    public InProcessBroker Broker => Services.GetRequiredService<InProcessBroker>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:DataDirectory", _dataDirectory);
        builder.UseSetting("Passwords:WorkFactor", "4");
        builder.UseSetting("EventBus:OutboxPollInterval", "00:00:00.200");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (SharedBroker is { } broker)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(broker));
        }

        if (RecordCommands)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor, CommandRecorder>());
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL file for a moment; the OS cleans temp eventually.
        }
    }
}
