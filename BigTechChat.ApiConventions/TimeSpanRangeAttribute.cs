using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BigTechChat.ApiConventions;

/// <summary>
/// An inclusive range for a <see cref="TimeSpan"/> option, limits in invariant "c" format, parsed once here.
/// <see cref="RangeAttribute"/> converts its limits lazily without synchronisation, so when the hosts of one process (the
/// embedded topology) validate the same options type at start at once, it can throw <see cref="InvalidCastException"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute("The field {0} must be between {1} and {2}.")
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    public override bool IsValid(object? value) => value is null || (value is TimeSpan span && span >= Minimum && span <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, ErrorMessageString, name, Minimum, Maximum);
}
