using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.AppHost;

/// <summary>
/// Reads the AppHost's settings from the command line and environment: <c>--Ports:Gateway=8000</c>,
/// <c>--Database:DataDirectory=data</c>; everything else is passed on to the hosts.
/// </summary>
internal static class AppHostCommandLine
{
    public static EmbeddedSystemOptions Parse(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();

        var environment = configuration["DOTNET_ENVIRONMENT"] ?? configuration["ASPNETCORE_ENVIRONMENT"] ?? Environments.Production;
        return new EmbeddedSystemOptions
        {
            Ports = new SystemPorts(
                Port(configuration, "Gateway", SystemPorts.Default.Gateway),
                Port(configuration, "User", SystemPorts.Default.User),
                Port(configuration, "Friend", SystemPorts.Default.Friend),
                Port(configuration, "Chat", SystemPorts.Default.Chat)),
            DataDirectory = configuration["Database:DataDirectory"] ?? "data",
            EnvironmentName = environment,
            Args = args,
        };
    }

    private static int Port(IConfiguration configuration, string name, int fallback) =>
        int.TryParse(configuration[$"Ports:{name}"], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : fallback;
}
