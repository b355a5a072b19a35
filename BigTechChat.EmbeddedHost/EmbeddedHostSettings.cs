using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BigTechChat.EmbeddedHost;

/// <summary>
/// The embedded host's settings, from the environment and the command line: <c>--Ports:Gateway=8000</c> (also
/// <c>User</c>, <c>Friend</c>, <c>Chat</c>), <c>--Database:DataDirectory=data</c>. Every other key is passed on to the hosts.
/// </summary>
internal static class EmbeddedHostSettings
{
    public static EmbeddedSystemOptions Options(IConfiguration configuration, IHostEnvironment environment, string[] args) => new()
    {
        Ports = Ports(configuration),
        DataDirectory = configuration["Database:DataDirectory"] ?? "data",
        EnvironmentName = environment.EnvironmentName,
        Args = args,
    };

    private static SystemPorts Ports(IConfiguration configuration) => new(
        Port(configuration, "Gateway", SystemPorts.Default.Gateway),
        Port(configuration, "User", SystemPorts.Default.User),
        Port(configuration, "Friend", SystemPorts.Default.Friend),
        Port(configuration, "Chat", SystemPorts.Default.Chat));

    private static int Port(IConfiguration configuration, string name, int fallback) =>
        int.TryParse(configuration[$"Ports:{name}"], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : fallback;
}
