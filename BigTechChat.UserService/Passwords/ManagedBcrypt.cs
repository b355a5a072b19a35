using BCrypt.Net;

namespace BigTechChat.UserService.Passwords;

/// <summary>bcrypt in managed code (BCrypt.Net-Next): the fallback where the system has no usable libxcrypt.</summary>
public sealed class ManagedBcrypt : IBcrypt
{
    public string Name => "BCrypt.Net-Next";

    public string Hash(string password, int cost) =>
        BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(cost, 'b'));

    public bool Verify(string password, string hash)
    {
        // BCrypt.Net-Next throws IndexOutOfRangeException on some malformed hashes ("$2b$"), so they never reach it.
        if (!BcryptHashFormat.IsWellFormed(hash))
        {
            return false;
        }

        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (Exception exception) when (exception is SaltParseException or BcryptAuthenticationException or ArgumentException or FormatException)
        {
            return false;
        }
    }
}
