using Microsoft.AspNetCore.Http.HttpResults;

namespace BigTechChat.ApiConventions;

/// <summary>Collects every failing field of a request so that one 422 names them all.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
        return this;
    }

    public ValidationErrors Required(string field, object? value)
    {
        if (value is null || (value is string s && s.Length == 0))
        {
            Add(field, $"{field} is required");
        }

        return this;
    }

    public ValidationErrors Length(string field, string? value, int min, int max)
    {
        if (value is not null && (value.Length < min || value.Length > max))
        {
            Add(field, min == 0 || min == 1 && value.Length > 0
                ? $"{field} must be at most {max} characters"
                : $"{field} must be between {min} and {max} characters");
        }

        return this;
    }

    public ValidationErrors Range(string field, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, $"{field} must be between {min} and {max}");
        }

        return this;
    }

    public ValidationErrors NoControlCharacters(string field, string? value)
    {
        if (value is not null && value.Any(char.IsControl))
        {
            Add(field, $"{field} must not contain control characters");
        }

        return this;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public ProblemHttpResult ToProblem() => ApiProblem.Validation(ToDictionary());
}
