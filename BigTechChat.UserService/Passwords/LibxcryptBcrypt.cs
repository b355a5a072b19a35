using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace BigTechChat.UserService.Passwords;

/// <summary>
/// bcrypt in the system's libxcrypt (<c>crypt_rn</c>, <c>crypt_gensalt_rn</c>; crypt(3), crypt_gensalt(3)), ~25 % faster
/// than managed code. Each call gets its own <c>struct crypt_data</c>, so calls on several threads share no state.
/// Passwords a C string cannot carry (a NUL within the 72 counted bytes, text that is not valid UTF-16) go to
/// <see cref="ManagedBcrypt"/>, which hashes them as before, so hashes stay interchangeable.
/// </summary>
public sealed unsafe class LibxcryptBcrypt : IBcrypt
{
    /// <summary>The soname of libxcrypt on glibc systems (Debian's libcrypt1).</summary>
    public const string DefaultLibrary = "libcrypt.so.1";

    // sizeof(struct crypt_data) and CRYPT_GENSALT_OUTPUT_SIZE in libxcrypt's crypt.h.
    private const int CryptDataSize = 32768;
    private const int GensaltOutputSize = 192;
    private const int KeyBytes = 72;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly delegate* unmanaged<byte*, byte*, void*, int, byte*> _cryptRn;
    private readonly delegate* unmanaged<byte*, CULong, byte*, int, byte*, int, byte*> _gensaltRn;
    private readonly ManagedBcrypt _managed = new();

    private LibxcryptBcrypt(nint cryptRn, nint gensaltRn)
    {
        _cryptRn = (delegate* unmanaged<byte*, byte*, void*, int, byte*>)cryptRn;
        _gensaltRn = (delegate* unmanaged<byte*, CULong, byte*, int, byte*, int, byte*>)gensaltRn;
    }

    public string Name => "libxcrypt";

    /// <summary>
    /// Loads <paramref name="library"/> and checks it hashes <c>$2b$</c> the way BCrypt.Net-Next verifies;
    /// null when it is missing, lacks libxcrypt's functions or hashes differently (the reason in <paramref name="reason"/>).
    /// </summary>
    public static LibxcryptBcrypt? TryLoad(string library, out string reason)
    {
        if (!NativeLibrary.TryLoad(library, typeof(LibxcryptBcrypt).Assembly, null, out var handle))
        {
            reason = $"{library} could not be loaded";
            return null;
        }

        if (!NativeLibrary.TryGetExport(handle, "crypt_rn", out var cryptRn)
            || !NativeLibrary.TryGetExport(handle, "crypt_gensalt_rn", out var gensaltRn))
        {
            NativeLibrary.Free(handle);
            reason = $"{library} has no crypt_rn/crypt_gensalt_rn (not libxcrypt)";
            return null;
        }

        var native = new LibxcryptBcrypt(cryptRn, gensaltRn);
        const string Probe = "probe-Пароль-🔑";
        var hash = native.TryHash(Probe, 4);
        var interchangeable = hash is not null && hash.StartsWith("$2b$04$", StringComparison.Ordinal)
            && native._managed.Verify(Probe, hash) && native.Verify(Probe, native._managed.Hash(Probe, 4));
        if (!interchangeable)
        {
            NativeLibrary.Free(handle);
            reason = $"{library} does not hash $2b$ as BCrypt.Net-Next does";
            return null;
        }

        reason = $"{library} hashes $2b$";
        return native;
    }

    public string Hash(string password, int cost)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cost, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cost, 31);
        return TryHash(password, cost) ?? throw new CryptographicException("libxcrypt could not hash with $2b$");
    }

    public bool Verify(string password, string hash)
    {
        // Also keeps libxcrypt's other schemes ($6$, $1$, DES, …) from verifying here.
        if (!BcryptHashFormat.IsWellFormed(hash))
        {
            return false;
        }

        var key = CStringKey(password);
        if (key is null)
        {
            return _managed.Verify(password, hash);
        }

        var setting = Encoding.ASCII.GetBytes(hash + "\0");
        var computed = Crypt(key, setting);
        CryptographicOperations.ZeroMemory(key);
        return computed is not null
            && CryptographicOperations.FixedTimeEquals(computed, setting.AsSpan(0, setting.Length - 1));
    }

    private string? TryHash(string password, int cost)
    {
        var key = CStringKey(password);
        if (key is null)
        {
            return _managed.Hash(password, cost);
        }

        var setting = stackalloc byte[GensaltOutputSize];
        fixed (byte* prefix = "$2b$\0"u8)
        {
            // No random bytes given: libxcrypt takes them from the OS (getentropy/getrandom).
            if (_gensaltRn(prefix, new CULong((uint)cost), null, 0, setting, GensaltOutputSize) is null)
            {
                return null;
            }
        }

        var computed = Crypt(key, new ReadOnlySpan<byte>(setting, GensaltOutputSize));
        CryptographicOperations.ZeroMemory(key);
        return computed is null ? null : Encoding.ASCII.GetString(computed);
    }

    /// <summary>The crypt(3) output without its NUL, or null when libxcrypt refuses (crypt_rn returns NULL).</summary>
    private byte[]? Crypt(byte[] key, ReadOnlySpan<byte> setting)
    {
        var data = (byte*)NativeMemory.AllocZeroed(CryptDataSize);
        try
        {
            fixed (byte* phrase = key)
            fixed (byte* settingPointer = setting)
            {
                var output = _cryptRn(phrase, settingPointer, data, CryptDataSize);
                return output is null ? null : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(output).ToArray();
            }
        }
        finally
        {
            // The buffer holds the key schedule derived from the password.
            NativeMemory.Clear(data, CryptDataSize);
            NativeMemory.Free(data);
        }
    }

    /// <summary>
    /// The password's first 72 UTF-8 bytes and a NUL (bcrypt ignores the rest, so libxcrypt's 512-byte limit never
    /// bites), or null when a C string cannot carry them.
    /// </summary>
    private static byte[]? CStringKey(string password)
    {
        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(password);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }

        var length = Math.Min(utf8.Length, KeyBytes);
        if (utf8.AsSpan(0, length).Contains((byte)0))
        {
            CryptographicOperations.ZeroMemory(utf8);
            return null;
        }

        var key = new byte[length + 1];
        utf8.AsSpan(0, length).CopyTo(key);
        CryptographicOperations.ZeroMemory(utf8);
        return key;
    }
}
