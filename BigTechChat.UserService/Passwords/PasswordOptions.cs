using System.ComponentModel.DataAnnotations;

namespace BigTechChat.UserService.Passwords;

/// <summary>Bound from the <c>Passwords</c> section.</summary>
public sealed class PasswordOptions
{
    public const string SectionName = "Passwords";

    /// <summary>bcrypt cost; 12 costs about a third of a second per hash on this hardware.</summary>
    [Range(4, 31)]
    public int WorkFactor { get; set; } = 12;

    /// <summary>Dedicated hashing threads; more than the core count only adds contention.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Hashes waiting for a worker; beyond that callers wait to enqueue.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>
    /// The libxcrypt to hash with (<see cref="LibxcryptBcrypt.DefaultLibrary"/>); empty, missing or unable to hash
    /// <c>$2b$</c> means BCrypt.Net-Next. Probed once at start.
    /// </summary>
    public string? NativeLibrary { get; set; } = LibxcryptBcrypt.DefaultLibrary;
}
