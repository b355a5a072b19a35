namespace BigTechChat.AppHost;

/// <summary>
/// The containers topology (a Docker engine answers): the design card's servers as containers with data volumes
/// and health checks — MySQL 8, MongoDB 7 for messages, Redis, and Kafka in KRaft mode with its topics created
/// by the same script as deploy/compose and deploy/k8s.
/// </summary>
public static class ContainerInfrastructure
{
    /// <summary>Kafka's host-side listener; fixed because the broker advertises it to clients.</summary>
    public const int KafkaHostPort = 29092;

    private const string KafkaHostPortText = "29092";

    public static SystemInfrastructure AddContainerInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mysqlPassword = builder.AddParameter("mysql-root-password", new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true);
        var mysql = builder.AddResource(new ContainerServerResource("mysql", endpoint => ReferenceExpression.Create(
                $"Server={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};User ID=root;Password={mysqlPassword.Resource}")))
            .WithImage("library/mysql", "8.0")
            .WithImageRegistry("docker.io")
            .WithEnvironment("MYSQL_ROOT_PASSWORD", mysqlPassword)
            .WithArgs("--character-set-server=utf8mb4", "--collation-server=utf8mb4_0900_ai_ci")
            .WithEndpoint(targetPort: 3306, name: ContainerServerResource.EndpointName, scheme: "tcp")
            .WithVolume("bigtechchat-mysql-data", "/var/lib/mysql");
        mysql.WithTcpHealthCheck(mysql.Resource.Endpoint);

        var mongo = builder.AddResource(new ContainerServerResource("mongodb", endpoint => ReferenceExpression.Create(
                $"mongodb://{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)}")))
            .WithImage("library/mongo", "7.0")
            .WithImageRegistry("docker.io")
            .WithEndpoint(targetPort: 27017, name: ContainerServerResource.EndpointName, scheme: "tcp")
            .WithVolume("bigtechchat-mongodb-data", "/data/db");
        mongo.WithTcpHealthCheck(mongo.Resource.Endpoint);

        var kafka = builder.AddResource(new ContainerServerResource("kafka", endpoint => ReferenceExpression.Create(
                $"{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)}")))
            .WithImage("apache/kafka", "3.9.0")
            .WithImageRegistry("docker.io")
            .WithEnvironment("CLUSTER_ID", "bx1sKjueTFGaDrFsSn0uAQ")
            .WithEnvironment("KAFKA_NODE_ID", "1")
            .WithEnvironment("KAFKA_PROCESS_ROLES", "broker,controller")
            .WithEnvironment("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://:" + KafkaHostPortText)
            .WithEnvironment("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092,EXTERNAL://localhost:" + KafkaHostPortText)
            .WithEnvironment("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT")
            .WithEnvironment("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
            .WithEnvironment("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT")
            .WithEnvironment("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
            .WithEnvironment("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
            .WithEnvironment("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .WithEnvironment("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
            .WithEnvironment("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .WithEnvironment("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .WithEnvironment("KAFKA_LOG_DIRS", "/var/lib/kafka/data")
            .WithEndpoint(ContainerServerResource.EndpointName, endpoint =>
            {
                endpoint.Port = KafkaHostPort;
                endpoint.TargetPort = KafkaHostPort;
                endpoint.UriScheme = "tcp";
                endpoint.IsProxied = false;
            })
            .WithVolume("bigtechchat-kafka-data", "/var/lib/kafka/data");
        kafka.WithTcpHealthCheck(kafka.Resource.Endpoint);

        // One-shot, as in deploy/compose: the topics of API.md §8 with their partition counts, then exit 0.
        var topicsScript = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "deploy", "k8s", "base", "kafka", "create-topics.sh"));
        var kafkaTopics = builder.AddContainer("kafka-topics", "apache/kafka", "3.9.0")
            .WithImageRegistry("docker.io")
            .WithBindMount(topicsScript, "/scripts/create-topics.sh", isReadOnly: true)
            .WithEnvironment("KAFKA_BOOTSTRAP", "kafka:9092")
            .WithEntrypoint("/bin/bash")
            .WithArgs("/scripts/create-topics.sh")
            .WaitFor(kafka);

        var redis = builder.AddRedis("redis").WithDataVolume("bigtechchat-redis-data");

        IResourceBuilder<IResourceWithConnectionString> server = mysql;
        IResourceBuilder<IResourceWithConnectionString> messageServer = mongo;
        return new SystemInfrastructure(
            server,
            server.AddDatabase("userdb"),
            server.AddDatabase("frienddb"),
            server.AddDatabase("chatdb"),
            redis,
            messageServer.AddDatabase("messagedb", ReferenceExpression.Create($"{mongo.Resource.ConnectionStringExpression}/messagedb")),
            kafka,
            kafkaTopics,
            ServerVersion: "8.0.36-mysql",
            Transport: "kafka");
    }
}
