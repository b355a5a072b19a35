using Microsoft.Extensions.Options;

namespace BigTechChat.Gateway.Tests;

/// <summary>The gateway validates every setting when it starts; a wrong value stops it with the key's name.</summary>
public sealed class StartupValidationTests(FakeBackends backends) : IClassFixture<FakeBackends>
{
    [Theory]
    [InlineData("Gateway:RequestTimeout", "00:00:00")]
    [InlineData("Gateway:StreamIdleTimeout", "-00:00:01")]
    [InlineData("Gateway:HealthProbeTimeout", "00:00:00")]
    [InlineData("RateLimiting:PermitsPerMinute", "0")]
    [InlineData("RateLimiting:LoginPermitsPerMinute", "-5")]
    [InlineData("Jwt:SigningKey", "short")]
    public async Task Gateway_refuses_to_start_with_an_invalid_setting(string key, string value)
    {
        await using var gateway = GatewayFactory.For(backends, (key, value));

        var thrown = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(thrown));
        Assert.Contains(key.Split(':')[^1], validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_outside_development_refuses_the_development_signing_key()
    {
        await using var gateway = GatewayFactory.For(backends, ("environment", "Production"));

        var thrown = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("committed to the repository", Assert.IsType<OptionsValidationException>(Unwrap(thrown)).Message, StringComparison.Ordinal);
    }

    private static Exception Unwrap(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is OptionsValidationException)
            {
                return e;
            }
        }

        return exception;
    }
}
