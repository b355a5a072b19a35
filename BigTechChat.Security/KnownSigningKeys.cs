using System.Security.Cryptography;
using System.Text;

namespace BigTechChat.Security;

/// <summary>
/// Signing keys anyone can read because they are (or were) committed to this repository: the development key, the
/// compose and Kubernetes placeholders, test keys. A token signed with one of them can be forged by anyone, so
/// outside Development they are refused at start (API.md §2: "never a committed production key").
/// </summary>
public static class KnownSigningKeys
{
    /// <summary>SHA-256 (lower-case hex) of every key value committed to the repository; a test keeps this list complete.</summary>
    public static readonly IReadOnlySet<string> Fingerprints = new HashSet<string>(StringComparer.Ordinal)
    {
        "070d50404fe6b20530d4c9eb0f893d65f7e46d59767f9bbd420bc852603ad482", // JwtOptions.DevelopmentSigningKey
        "4d11a6b61e19a3f6d4ac2169d2dfe059b2b219be79e6abaeae05b8db906af1e1", // the old docker-compose default
        "4865c1785e19ea68870a4de4365e0e57ef7e1281cf40c1c2d452ab946057dd7f", // deploy/k8s/base/secret.yaml placeholder
        "a28846970d079eab83d91d8298847d3f467149e016ba5126414008d45c3078d8", // an old end-to-end test key
        "96b970a3fe4dafbaacde28da71f2503d4655d1bc606b50a9f46987df159b159d", // the gateway tests' forger key
    };

    /// <summary>Words that mark a value as a placeholder someone forgot to replace (e.g. <c>.env.example</c>).</summary>
    public static readonly IReadOnlyList<string> PlaceholderMarkers =
        ["change_me", "change-me", "changeme", "placeholder", "not-for-production", "not-a-real-secret", "dev-only", "example"];

    public static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether the key is public: committed to the repository or an obvious placeholder.</summary>
    public static bool IsKnown(string key) =>
        Fingerprints.Contains(Fingerprint(key)) || PlaceholderMarkers.Any(marker => key.Contains(marker, StringComparison.OrdinalIgnoreCase));
}
