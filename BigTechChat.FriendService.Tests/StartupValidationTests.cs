using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace BigTechChat.FriendService.Tests;

/// <summary>The friend service validates every setting when it starts; a wrong value stops it with the key's name.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Database:StartupTimeout", "00:00:00")]
    [InlineData("EventBus:Transport", "smoke-signals")]
    [InlineData("EventBus:MaxDeliveryAttempts", "0")]
    [InlineData("EventBus:RedisStreams:PollInterval", "00:00:00")]
    [InlineData("Jwt:SigningKey", "short")]
    public async Task Friend_service_refuses_to_start_with_an_invalid_setting(string key, string value)
    {
        await using var factory = new FriendServiceFactory();
        await using var configured = factory.WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var thrown = Assert.ThrowsAny<Exception>(() => configured.CreateClient());

        var validation = FindValidationFailure(thrown);
        Assert.Contains(key.Split(':')[^1], validation.Message, StringComparison.Ordinal);
    }

    private static OptionsValidationException FindValidationFailure(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is OptionsValidationException validation)
            {
                return validation;
            }
        }

        throw new Xunit.Sdk.XunitException($"Expected an OptionsValidationException, got {exception}");
    }
}
