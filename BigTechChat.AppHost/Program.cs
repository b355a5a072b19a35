using BigTechChat.AppHost;
using Microsoft.Extensions.Hosting;

// The whole system, one command: `dotnet run --project BigTechChat.AppHost` (docs/operations.md).
var builder = DistributedApplication.CreateBuilder(args);
var topology = builder.ChooseTopology();
var settings = builder.AddServiceSettings();

if (topology == Topology.Embedded)
{
    // Only the .NET SDK: the gateway and the three services in one process, SQLite files and an in-process bus.
    builder.AddProject<Projects.BigTechChat_EmbeddedHost>("embedded")
        .WithSystemPorts(builder)
        .WithServiceSettings(settings)
        .WithEnvironment("Database__DataDirectory", builder.DataDirectory())
        .WithHttpHealthCheck(Services.HealthPath, endpointName: "gateway");
}
else
{
    var infrastructure = topology == Topology.Containers
        ? builder.AddContainerInfrastructure()
        : builder.AddLocalInfrastructure();

    // Services start together once their servers are up (they call each other only per request); the gateway,
    // the clients' one entry point, waits until every service is healthy.
    var user = builder.AddService<Projects.BigTechChat_UserService>("user", "User", settings)
        .WithDatabase(infrastructure.UserDb, infrastructure, settings)
        .WithEventBus(infrastructure, settings);

    var friend = builder.AddService<Projects.BigTechChat_FriendService>("friend", "Friend", settings)
        .WithDatabase(infrastructure.FriendDb, infrastructure, settings)
        .WithEventBus(infrastructure, settings)
        .WithReference(user);

    var chat = builder.AddChatReplicas(settings, replica =>
    {
        replica.WithDatabase(infrastructure.ChatDb, infrastructure, settings)
            .WithMessageStore(infrastructure)
            .WithEventBus(infrastructure, settings)
            .WithReference(user)
            .WithReference(friend);
        if (topology == Topology.Local)
        {
            replica.WithHttp2Cleartext();
        }
    });

    if (topology == Topology.Local)
    {
        // The gateway's hop multiplexes streams over h2c (docs/operations.md, the gateway's h2c hop).
        user.WithHttp2Cleartext();
        friend.WithHttp2Cleartext();
    }

    builder.AddService<Projects.BigTechChat_Gateway>("gateway", "Gateway", settings)
        .WithMessaging(infrastructure)
        .WithReference(user).WaitFor(user)
        .WithReference(friend).WaitFor(friend)
        .WithReference(chat).WaitFor(chat);
}

using var app = builder.Build();
await app.StartAsync();
await StartupBanner.PrintWhenReadyAsync(app, topology);
await app.WaitForShutdownAsync();
