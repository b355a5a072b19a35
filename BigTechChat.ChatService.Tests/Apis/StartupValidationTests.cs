using BigTechChat.ChatService.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BigTechChat.ChatService.Tests.Apis;

/// <summary>The chat service validates every setting when it starts; a wrong value stops it with the key's name.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("ChatStreams:PingInterval", "00:00:00")]
    [InlineData("ChatStreams:QueueCapacity", "0")]
    [InlineData("ChatStreams:ReplayBatchSize", "-1")]
    [InlineData("ChatStreams:MembershipCacheTime", "-00:00:01")]
    [InlineData("Database:StartupTimeout", "00:00:00")]
    [InlineData("EventBus:OutboxPollInterval", "00:00:00")]
    [InlineData("Jwt:ClockSkew", "00:10:00")]
    public async Task Chat_service_refuses_to_start_with_an_invalid_setting(string key, string value)
    {
        await using var factory = new ChatServiceFactory(settings: new Dictionary<string, string?> { [key] = value });

        var thrown = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

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
