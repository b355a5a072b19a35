using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.AppHost;

/// <summary>
/// The AppHost's settings, from the environment and the command line: <c>--mode embedded|distributed</c>,
/// <c>--Ports:Gateway=8000</c>, <c>--Database:DataDirectory=data</c>. Everything is also passed on to the hosts.
/// </summary>
internal static class AppHostCommandLine
{
    public static EmbeddedSystemOptions EmbeddedOptions(IConfiguration configuration, string[] args) => new()
    {
        Ports = Ports(configuration),
        DataDirectory = configuration["Database:DataDirectory"] ?? "data",
        EnvironmentName = configuration["DOTNET_ENVIRONMENT"] ?? configuration["ASPNETCORE_ENVIRONMENT"] ?? Environments.Production,
        Args = args,
    };

    public static SystemPorts Ports(IConfiguration configuration) => new(
        Port(configuration, "Gateway", SystemPorts.Default.Gateway),
        Port(configuration, "User", SystemPorts.Default.User),
        Port(configuration, "Friend", SystemPorts.Default.Friend),
        Port(configuration, "Chat", SystemPorts.Default.Chat));

    private static int Port(IConfiguration configuration, string name, int fallback) =>
        int.TryParse(configuration[$"Ports:{name}"], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : fallback;
}
