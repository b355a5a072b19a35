using BigTechChat.UserService.Passwords;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BigTechChat.UserService.Tests;

/// <summary>libxcrypt and BCrypt.Net-Next must produce and accept the same hashes, byte for byte in behaviour.</summary>
public sealed class BcryptInteroperabilityTests
{
    private static readonly LibxcryptBcrypt Native = LibxcryptBcrypt.TryLoad(LibxcryptBcrypt.DefaultLibrary, out _)
        ?? throw new InvalidOperationException("this machine's libcrypt.so.1 (libxcrypt) is required for these tests");

    private static readonly ManagedBcrypt Managed = new();

    private static readonly string Bytes71 = new('x', 71);

    public static TheoryData<int, string> CostsAndPasswords()
    {
        string[] passwords =
        [
            "Secret#123",
            "Пароль#123 日本語 🔑",
            new string('a', 72),
            new string('b', 100) + "#1",
            Bytes71 + "é",
            "ÿ€" + new string('ü', 40),
        ];
        var data = new TheoryData<int, string>();
        foreach (var cost in new[] { 4, 5, 7 })
        {
            foreach (var password in passwords)
            {
                data.Add(cost, password);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CostsAndPasswords))]
    public void Libxcrypt_hashes_verify_with_BCrypt_Net_and_BCrypt_Net_hashes_verify_with_libxcrypt(int cost, string password)
    {
        var native = Native.Hash(password, cost);
        var managed = Managed.Hash(password, cost);

        Assert.StartsWith($"$2b${cost:D2}$", native, StringComparison.Ordinal);
        Assert.Equal(60, native.Length);
        Assert.StartsWith($"$2b${cost:D2}$", managed, StringComparison.Ordinal);
        Assert.True(Managed.Verify(password, native));
        Assert.True(Native.Verify(password, managed));
        Assert.True(Native.Verify(password, native));
        Assert.False(Native.Verify("!" + password, managed));
        Assert.False(Managed.Verify("!" + password, native));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void Same_salt_gives_the_same_hash_string_in_both(int cost)
    {
        const string Password = "Grüße#2026 ✓";
        var native = Native.Hash(Password, cost);

        Assert.Equal(native, BCrypt.Net.BCrypt.HashPassword(Password, native[..29]));
    }

    [Theory]
    [InlineData('a')]
    [InlineData('y')]
    [InlineData('b')]
    public void Stored_2a_2y_and_2b_hashes_verify_with_libxcrypt(char revision)
    {
        foreach (var password in new[] { "Secret#123", "Пароль#123 🔑", new string('é', 50) })
        {
            var stored = BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(5, revision));

            Assert.StartsWith($"$2{revision}$05$", stored, StringComparison.Ordinal);
            Assert.True(Native.Verify(password, stored));
            Assert.False(Native.Verify("Z" + password[1..], stored));
        }
    }

    /// <summary>Pairs that differ only after the 72nd UTF-8 byte match; pairs that differ within it do not.</summary>
    public static TheoryData<string, string, bool> TruncationPairs() => new()
    {
        { new string('x', 72) + "A", new string('x', 72) + "B", true },
        { new string('x', 72), new string('x', 72) + "tail", true },
        { Bytes71 + "é", Bytes71 + "è", true }, // both split after the lead byte 0xC3
        { Bytes71 + "é", Bytes71 + "\u00C3", true }, // Ã is C3 83: the same lead byte
        { Bytes71, Bytes71 + "y", false }, // the 72nd byte still counts
        { new string('x', 70) + "é", new string('x', 70) + "è", false },
        { new string('ж', 36), new string('ж', 36) + "ж", true }, // 72 bytes of two-byte letters
        { new string('ж', 35), new string('ж', 35) + "ж", false },
    };

    [Theory]
    [MemberData(nameof(TruncationPairs))]
    public void Both_count_only_the_first_72_utf8_bytes_alike(string hashed, string tried, bool matches)
    {
        var native = Native.Hash(hashed, 4);
        var managed = Managed.Hash(hashed, 4);

        Assert.Equal(matches, Native.Verify(tried, native));
        Assert.Equal(matches, Managed.Verify(tried, native));
        Assert.Equal(matches, Native.Verify(tried, managed));
        Assert.Equal(matches, Managed.Verify(tried, managed));
    }

    [Fact]
    public void Passwords_with_a_NUL_hash_and_verify_as_BCrypt_Net_does()
    {
        const string Password = "abc\0def#123";
        var native = Native.Hash(Password, 4);

        Assert.True(Managed.Verify(Password, native));
        Assert.True(Native.Verify(Password, Managed.Hash(Password, 4)));
        Assert.False(Native.Verify("abc\0xyz#123", native));
        Assert.False(Native.Verify("abc", native));
    }

    [Fact]
    public void Text_that_is_not_valid_UTF16_does_not_verify()
    {
        var stored = Native.Hash("Secret#123", 4);

        Assert.False(Native.Verify("\uD800Secret#123", stored));
        Assert.False(Managed.Verify("\uD800Secret#123", stored));
    }

    public static TheoryData<string> MalformedHashes() =>
    [
        "",
        "not-a-hash",
        "$2b$",
        "$2b$04$",
        "$2b$04$short",
        "$2b$03$" + new string('a', 53),
        "$2b$32$" + new string('a', 53),
        "$2b$99$" + new string('a', 53),
        "$2b$04$" + new string('a', 52) + "!",
        "$2b$04$" + new string('a', 54),
        "$2c$04$" + new string('a', 53),
        "$2b$0a$" + new string('a', 53),
        "$2b$04$" + new string('é', 53),
        // Other crypt(3) schemes libxcrypt would check: SHA-512 and MD5 crypt of "Secret#123" (openssl passwd).
        "$6$abcdefgh$PEv963fDUEQVI3gJSL15400WlRnJXhdE1VxebqtL7B4NzLHInAYy6SlNf.1TQWfMtjpY7y5ZNEXMMT2odNI5J.",
        "$1$abcdefgh$LBAaAr7gM/e7lQPQvpKdk.",
    ];

    [Theory]
    [MemberData(nameof(MalformedHashes))]
    public void Malformed_or_foreign_hashes_do_not_verify_and_do_not_throw(string hash)
    {
        Assert.False(Native.Verify("Secret#123", hash));
        Assert.False(Managed.Verify("Secret#123", hash));
    }

    [Fact]
    public void A_hash_with_one_character_changed_does_not_verify()
    {
        var stored = Native.Hash("Secret#123", 4);
        var tampered = stored[..^1] + (stored[^1] == 'a' ? 'b' : 'a');

        Assert.False(Native.Verify("Secret#123", tampered));
        Assert.False(Managed.Verify("Secret#123", tampered));
    }

    [Fact]
    public void Libxcrypt_hashes_on_many_threads_at_once_without_mixing_results()
    {
        var hashes = new string[32];
        Parallel.For(0, hashes.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => hashes[i] = Native.Hash($"pw-{i}-Ω", 4));

        for (var i = 0; i < hashes.Length; i++)
        {
            Assert.True(Managed.Verify($"pw-{i}-Ω", hashes[i]));
            Assert.False(Native.Verify($"pw-{i}-Ω", hashes[(i + 1) % hashes.Length]));
        }

        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Theory]
    [InlineData("libbigtechchat-no-such-library.so.1")]
    [InlineData("libm.so.6")] // loads, but has no crypt_rn
    [InlineData("")]
    public void The_hasher_falls_back_to_BCrypt_Net_when_the_library_is_missing_or_not_libxcrypt(string library)
    {
        using var hasher = Hasher(library);

        Assert.Equal("BCrypt.Net-Next", hasher.Implementation);
    }

    [Fact]
    public async Task The_hasher_uses_libxcrypt_where_the_system_has_it_and_its_hashes_verify_in_the_fallback()
    {
        using var native = Hasher(LibxcryptBcrypt.DefaultLibrary);
        using var fallback = Hasher("libbigtechchat-no-such-library.so.1");

        var nativeHash = await native.HashAsync("Secret#123", TestContext.Current.CancellationToken);
        var fallbackHash = await fallback.HashAsync("Secret#123", TestContext.Current.CancellationToken);

        Assert.Equal("libxcrypt", native.Implementation);
        Assert.StartsWith("$2b$04$", nativeHash, StringComparison.Ordinal);
        Assert.StartsWith("$2b$04$", fallbackHash, StringComparison.Ordinal);
        Assert.True(await fallback.VerifyAsync("Secret#123", nativeHash, TestContext.Current.CancellationToken));
        Assert.True(await native.VerifyAsync("Secret#123", fallbackHash, TestContext.Current.CancellationToken));
        Assert.False(await native.VerifyAsync("Secret#124", fallbackHash, TestContext.Current.CancellationToken));
        Assert.False(await native.VerifyAsync("Secret#123", "$2b$04$garbage", TestContext.Current.CancellationToken));
    }

    private static PasswordHasher Hasher(string library) =>
        new(Options.Create(new PasswordOptions { WorkFactor = 4, MaxConcurrency = 1, NativeLibrary = library }), NullLogger<PasswordHasher>.Instance);
}
