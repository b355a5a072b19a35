using System.Text.RegularExpressions;

namespace BigTechChat.UserService.Passwords;

/// <summary>
/// One bcrypt implementation. Hashes are modular-crypt strings (<c>$2b$12$</c> + 22 salt + 31 hash characters,
/// 60 in all) that every implementation verifies alike; <c>$2a$</c> and <c>$2y$</c> hashes verify too.
/// Only the first 72 bytes of the UTF-8 password count, as in every bcrypt (API.md §2).
/// </summary>
public interface IBcrypt
{
    /// <summary>What the service logs and reports in the <c>password_hashing_implementation</c> metric.</summary>
    string Name { get; }

    /// <summary>A <c>$2b$</c> hash at <paramref name="cost"/> (4–31, log2 of the rounds) with a fresh random salt.</summary>
    string Hash(string password, int cost);

    /// <summary>True when <paramref name="hash"/> is this password's bcrypt hash; false for any other or malformed hash, never throws for one.</summary>
    bool Verify(string password, string hash);
}

/// <summary>The modular-crypt form every implementation here accepts; anything else verifies as false before any hashing.</summary>
public static partial class BcryptHashFormat
{
    /// <summary>
    /// <c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c>, a two-digit cost 04–31, then 53 characters of bcrypt's base64.
    /// <c>$2x$</c> (crypt_blowfish's emulation of its old sign-extension bug) is refused: implementations differ on it.
    /// </summary>
    public static bool IsWellFormed(string hash) => WellFormed().IsMatch(hash);

    [GeneratedRegex(@"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}\z", RegexOptions.CultureInvariant)]
    private static partial Regex WellFormed();
}
