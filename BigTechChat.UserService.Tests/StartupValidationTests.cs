using System.Security.Cryptography;
using System.Text.RegularExpressions;
using BigTechChat.Security;
using Microsoft.Extensions.Options;

namespace BigTechChat.UserService.Tests;

/// <summary>Every setting is validated when the host starts: a wrong value stops it with a message naming the key.</summary>
public sealed partial class StartupValidationTests
{
    [Theory]
    [InlineData("Passwords:WorkFactor", "0")]
    [InlineData("Passwords:MaxConcurrency", "0")]
    [InlineData("Passwords:QueueCapacity", "-1")]
    [InlineData("Login:AttemptsPerAccount", "0")]
    [InlineData("Login:Window", "00:00:00")]
    [InlineData("Presence:TimeToLive", "-00:00:01")]
    [InlineData("Presence:SweepInterval", "00:00:00")]
    [InlineData("Database:StartupTimeout", "00:00:00")]
    [InlineData("EventBus:Transport", "carrier-pigeon")]
    [InlineData("EventBus:MaxDeliveryAttempts", "0")]
    [InlineData("EventBus:RedisStreams:BatchSize", "0")]
    [InlineData("EventBus:Kafka:DefaultPartitions", "0")]
    [InlineData("Jwt:SigningKey", "too-short")]
    [InlineData("Jwt:ClockSkew", "00:05:00")]
    [InlineData("Jwt:AccessTokenLifetime", "00:00:00")]
    [InlineData("Jwt:Issuer", " ")]
    public async Task Host_refuses_to_start_with_an_invalid_setting(string key, string value)
    {
        await using var factory = new UserServiceFactory { Settings = { [key] = value } };

        var error = AssertRefusedAtStart(factory);

        Assert.Contains(key.Split(':')[^1], error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> KnownKeys() =>
    [
        "", // none configured: the built-in development key
        "dev-only-compose-signing-key-change-me-0123456789",
        "CHANGE_ME-placeholder-signing-key-not-a-real-secret",
        "distributed-test-signing-key-0123456789abcdef",
        "an-attacker-key-that-is-long-enough-to-sign",
        "CHANGE_ME-generate-with-openssl-rand-base64-48-xxxxxxxx",
    ];

    [Theory]
    [MemberData(nameof(KnownKeys))]
    public async Task Outside_development_a_committed_or_placeholder_signing_key_is_refused(string key)
    {
        var settings = new Dictionary<string, string?> { ["environment"] = "Production" };
        if (key.Length > 0)
        {
            settings["Jwt:SigningKey"] = key;
        }

        await using var factory = new UserServiceFactory { Settings = settings };

        var error = AssertRefusedAtStart(factory);

        Assert.Contains("committed to the repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_a_random_signing_key_starts_the_service()
    {
        await using var factory = new UserServiceFactory
        {
            Settings = { ["environment"] = "Production", ["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) },
        };

        var health = await factory.CreateClient().GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void Every_signing_key_value_in_the_repository_is_refused_outside_development()
    {
        var root = RepositoryRoot();
        var found = new List<(string File, string Key)>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "node_modules")
                || !TextExtensions.Contains(Path.GetExtension(file)) && !Path.GetFileName(file).StartsWith(".env", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in KeyAssignment().Matches(File.ReadAllText(file)))
            {
                found.Add((relative, match.Groups["key"].Value));
            }
        }

        // The scan must see the keys we know are there, or it proves nothing.
        Assert.Contains(found, f => f.Key == JwtOptions.DevelopmentSigningKey);
        Assert.Contains(found, f => f.File.EndsWith(".env.example", StringComparison.Ordinal));
        Assert.All(found.Where(f => f.Key.Length >= 32), f => Assert.True(KnownSigningKeys.IsKnown(f.Key), $"{f.File}: key '{f.Key}' is not refused"));
    }

    private static readonly HashSet<string> TextExtensions = [".cs", ".json", ".yml", ".yaml", ".md", ".env", ".example", ".sh", ".txt", ".props", ".toml"];

    /// <summary>Jwt:SigningKey / Jwt__SigningKey / JWT_SIGNING_KEY followed by a literal value (or a compose default).</summary>
    [GeneratedRegex("""(?:SigningKey|JWT_SIGNING_KEY|JWT_SECRET)(?:"?\s*[:=]\s*"?|:-)(?<key>[A-Za-z0-9+/_.\-]{16,})""")]
    private static partial Regex KeyAssignment();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BigTechChat.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BigTechChat.sln not found above the test binaries");
    }

    private static OptionsValidationException AssertRefusedAtStart(UserServiceFactory factory)
    {
        var thrown = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        for (Exception? e = thrown; e is not null; e = e.InnerException)
        {
            if (e is OptionsValidationException validation)
            {
                return validation;
            }
        }

        throw new Xunit.Sdk.XunitException($"Expected an OptionsValidationException, got {thrown}");
    }
}
