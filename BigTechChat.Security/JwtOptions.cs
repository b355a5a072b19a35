using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BigTechChat.Security;

/// <summary>Token settings of API.md §2, bound from the <c>Jwt</c> configuration section.</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>Usable only in Development; every other environment must configure its own key.</summary>
    public const string DevelopmentSigningKey = "bigtech-chat-development-signing-key-not-for-production";

    public string Issuer { get; set; } = "bigtech-chat";

    public string Audience { get; set; } = "bigtech-chat-api";

    public string SigningKey { get; set; } = DevelopmentSigningKey;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often open streams' tokens are re-checked against the revocation list: the longest a stream outlives a
    /// revocation whose notice did not reach this process.
    /// </summary>
    public TimeSpan RevocationCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    public byte[] SigningKeyBytes => Encoding.UTF8.GetBytes(SigningKey);
}

internal sealed class JwtOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        if (string.IsNullOrEmpty(options.SigningKey) || options.SigningKeyBytes.Length < 32)
        {
            return ValidateOptionsResult.Fail("Jwt:SigningKey must be at least 32 bytes.");
        }

        if (!environment.IsDevelopment() && KnownSigningKeys.IsKnown(options.SigningKey))
        {
            return ValidateOptionsResult.Fail(
                "Jwt:SigningKey is a key committed to the repository or a placeholder, so anyone could forge tokens with it; "
                + $"configure a random key of at least 32 bytes (openssl rand -base64 48) in the {environment.EnvironmentName} environment.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            return ValidateOptionsResult.Fail("Jwt:Issuer and Jwt:Audience must not be empty.");
        }

        if (options.AccessTokenLifetime <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Jwt:AccessTokenLifetime must be positive.");
        }

        if (options.ClockSkew > TimeSpan.FromSeconds(30) || options.ClockSkew < TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Jwt:ClockSkew must be between 0 and 30 seconds.");
        }

        if (options.RevocationCheckInterval <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Jwt:RevocationCheckInterval must be positive.");
        }

        return ValidateOptionsResult.Success;
    }
}
