using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BigTechChat.AppHost;

/// <summary>
/// The servers the distributed services need, whatever runs them. Connection-string names are the services'
/// (<c>userdb</c>, <c>frienddb</c>, <c>chatdb</c>, <c>messagedb</c>, <c>redis</c>, <c>kafka</c>).
/// </summary>
/// <param name="Database">The SQL server every service waits for.</param>
/// <param name="MessageDb">MongoDB message store; null keeps messages in chatdb.</param>
/// <param name="Kafka">Kafka bootstrap servers; null uses the Redis Streams transport.</param>
/// <param name="KafkaTopics">A one-shot resource that creates the topics; services wait for its completion.</param>
/// <param name="ServerVersion">The SQL server's <c>Database:ServerVersion</c> (Pomelo's dialect).</param>
/// <param name="Transport">The <c>EventBus:Transport</c> the servers allow (<c>kafka</c> or <c>redis</c>).</param>
public sealed record SystemInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> UserDb,
    IResourceBuilder<IResourceWithConnectionString> FriendDb,
    IResourceBuilder<IResourceWithConnectionString> ChatDb,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString>? MessageDb,
    IResourceBuilder<IResourceWithConnectionString>? Kafka,
    IResourceBuilder<IResource>? KafkaTopics,
    string ServerVersion,
    string Transport);

/// <summary>A server run as a local process (redis-server, mariadbd) with a connection string built from its endpoint.</summary>
public sealed class LocalServerResource(
    string name, string command, string workingDirectory, Func<EndpointReference, ReferenceExpression> connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => connectionString(Endpoint);
}

/// <summary>A container server (MySQL, MongoDB, Kafka) with a connection string built from its endpoint.</summary>
public sealed class ContainerServerResource(string name, Func<EndpointReference, ReferenceExpression> connectionString)
    : ContainerResource(name), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => connectionString(Endpoint);
}

/// <summary>One database on a server, named like the services' connection string (<c>userdb</c>, <c>messagedb</c>).</summary>
public sealed class DatabaseResource(string name, IResourceWithConnectionString server, ReferenceExpression connectionString)
    : Resource(name), IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString
{
    public IResourceWithConnectionString Parent => server;

    public ReferenceExpression ConnectionStringExpression => connectionString;
}

public static class InfrastructureResourceExtensions
{
    /// <summary>Adds a database of a SQL server: the server's connection string plus <c>Database=name</c>.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddDatabase(
        this IResourceBuilder<IResourceWithConnectionString> server, string name) =>
        server.AddDatabase(name, ReferenceExpression.Create($"{server.Resource.ConnectionStringExpression};Database={name}"));

    /// <summary>Adds a database of <paramref name="server"/> with its own connection string, as a child resource.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddDatabase(
        this IResourceBuilder<IResourceWithConnectionString> server, string name, ReferenceExpression connectionString) =>
        server.ApplicationBuilder.AddResource(new DatabaseResource(name, server.Resource, connectionString))
            .WithParentRelationship(server.Resource);

    /// <summary>
    /// Healthy once the endpoint accepts a TCP connection: <c>WaitFor</c> on an executable otherwise waits only for
    /// "process started", not "port open".
    /// </summary>
    public static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> resource, EndpointReference endpoint)
        where T : IResource
    {
        var key = $"{resource.Resource.Name}-tcp";
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, _ => new TcpHealthCheck(endpoint), failureStatus: null, tags: null));
        return resource.WithHealthCheck(key);
    }

    private sealed class TcpHealthCheck(EndpointReference endpoint) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!endpoint.IsAllocated)
            {
                return HealthCheckResult.Unhealthy("endpoint not allocated yet");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException exception)
            {
                return HealthCheckResult.Unhealthy($"{endpoint.Host}:{endpoint.Port} does not answer", exception);
            }
        }
    }
}
