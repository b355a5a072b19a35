using System.Text.RegularExpressions;
using BigTechChat.ApiConventions;

namespace BigTechChat.UserService.Apis;

/// <summary>The field rules of API.md §2; each check adds every failure of its field.</summary>
public static partial class UserRules
{
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 100;
    public const int MaxStatusMessageLength = 500;

    public static ValidationErrors Email(this ValidationErrors errors, string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return errors.Add("email", "Email is required");
        }

        if (email.Length > MaxEmailLength || !EmailPattern().IsMatch(email))
        {
            errors.Add("email", "Email is not a valid email address");
        }

        return errors;
    }

    public static ValidationErrors Username(this ValidationErrors errors, string? username)
    {
        if (string.IsNullOrEmpty(username))
        {
            return errors.Add("username", "Username is required");
        }

        if (username.Length is < 3 or > 50)
        {
            errors.Add("username", "Username must be between 3 and 50 characters");
        }

        if (!UsernamePattern().IsMatch(username))
        {
            errors.Add("username", "Username may contain only letters, digits, '_' and '-' and must start with a letter or digit");
        }

        return errors;
    }

    public static ValidationErrors Password(this ValidationErrors errors, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return errors.Add("password", "Password is required");
        }

        if (password.Length is < 8 or > 64)
        {
            errors.Add("password", "Password must be between 8 and 64 characters");
        }

        if (!password.Any(char.IsLetter))
        {
            errors.Add("password", "Password must contain at least one letter");
        }

        if (!password.Any(char.IsDigit))
        {
            errors.Add("password", "Password must contain at least one digit");
        }

        if (password.All(char.IsLetterOrDigit))
        {
            errors.Add("password", "Password must contain at least one special character");
        }

        if (password.Any(char.IsControl))
        {
            errors.Add("password", "Password must not contain control characters");
        }

        return errors;
    }

    public static ValidationErrors DisplayName(this ValidationErrors errors, string? displayName) =>
        errors.Text("display_name", "Display name", displayName, MaxDisplayNameLength);

    public static ValidationErrors StatusMessage(this ValidationErrors errors, string? statusMessage) =>
        errors.Text("status_message", "Status message", statusMessage, MaxStatusMessageLength);

    private static ValidationErrors Text(this ValidationErrors errors, string field, string label, string? value, int max)
    {
        if (value is null)
        {
            return errors;
        }

        if (value.Length > max)
        {
            errors.Add(field, $"{label} must be at most {max} characters");
        }

        if (value.Any(char.IsControl))
        {
            errors.Add(field, $"{label} must not contain control characters");
        }

        return errors;
    }

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex UsernamePattern();
}
