namespace BigTechChat.UserService.Model;

/// <summary>The canonical forms uniqueness and lookups use.</summary>
public static class UserNames
{
    /// <summary>Keeps the local part as typed and lower-cases the domain, as API.md §2 stores it.</summary>
    public static string CanonicalEmail(string email)
    {
        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        return at < 0 ? trimmed : trimmed[..at] + trimmed[at..].ToLowerInvariant();
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static string NormalizeUsername(string username) => username.ToLowerInvariant();
}
