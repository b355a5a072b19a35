using Xunit;

namespace BigTechChat.Testing;

/// <summary>
/// Decides what a test does when a server it needs is missing: skip with a printed reason, or — when
/// <c>BIGTECHCHAT_REQUIRE_INFRA=1</c> (CI) — fail, so that CI can never pass by skipping MariaDB or Redis tests.
/// </summary>
public static class InfrastructureRequirement
{
    public const string RequireVariable = "BIGTECHCHAT_REQUIRE_INFRA";

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true";

    public static void SkipOrFail(string reason)
    {
        if (IsRequired)
        {
            throw new InvalidOperationException($"{reason} ({RequireVariable} is set, so this cannot be skipped)");
        }

        Assert.Skip(reason);
    }

    /// <summary>Docker-only suites (Kafka, MongoDB) may always skip where no engine answers.</summary>
    public static void SkipDockerOnly(string reason) => Assert.Skip(reason);
}
