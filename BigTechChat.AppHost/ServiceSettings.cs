using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace BigTechChat.AppHost;

/// <summary>
/// What every service process gets besides connection strings and service discovery: the JWT signing key and the
/// settings a user gives the AppHost for a benchmark or a demo (<c>--RateLimiting:PermitsPerMinute=100000</c>,
/// <c>--Passwords:WorkFactor=4</c>, or <c>RateLimiting__PermitsPerMinute</c> in the environment).
/// </summary>
public sealed record ServiceSettings(IResourceBuilder<ParameterResource> SigningKey, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The configuration sections of the services (their options classes' SectionName) passed through as they are.</summary>
    public static readonly string[] PassedSections =
        ["Jwt", "RateLimiting", "Login", "Passwords", "Presence", "ChatStreams", "Gateway", "EventBus", "Database", "Logging"];
}

public static class ServiceSettingsExtensions
{
    /// <summary>
    /// A signing key generated per AppHost run (the services refuse the built-in development key outside Development),
    /// unless <c>Jwt:SigningKey</c> is given; and every key of <see cref="ServiceSettings.PassedSections"/> the AppHost sees.
    /// </summary>
    public static ServiceSettings AddServiceSettings(this IDistributedApplicationBuilder builder)
    {
        var signingKey = builder.AddParameter("jwt-signing-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true);
        var values = ServiceSettingsPassedSections(builder.Configuration);
        return new ServiceSettings(signingKey, values);
    }

    /// <summary>Gives the resource the signing key and the passed settings, as environment variables (<c>Section__Key</c>).</summary>
    public static IResourceBuilder<T> WithServiceSettings<T>(this IResourceBuilder<T> resource, ServiceSettings settings)
        where T : IResourceWithEnvironment
    {
        resource.WithEnvironment("Jwt__SigningKey", settings.SigningKey);
        foreach (var (key, value) in settings.Values)
        {
            resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }

        return resource;
    }

    /// <summary>A setting the topology chooses (e.g. the event-bus transport) unless the user gave one.</summary>
    public static IResourceBuilder<T> WithDefaultSetting<T>(this IResourceBuilder<T> resource, ServiceSettings settings, string key, string value)
        where T : IResourceWithEnvironment =>
        settings.Values.ContainsKey(key) ? resource : resource.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);

    /// <summary>The port a single-machine topology uses for a service: <c>--Ports:Gateway=8000</c> etc., else the original one.</summary>
    public static int Port(this IConfiguration configuration, string name, int fallback) =>
        int.TryParse(configuration[$"Ports:{name}"], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : fallback;

    private static Dictionary<string, string> ServiceSettingsPassedSections(IConfiguration configuration) =>
        ServiceSettings.PassedSections
            .SelectMany(section => configuration.GetSection(section).AsEnumerable())
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.OrdinalIgnoreCase);
}
