using System.Collections.Concurrent;
using System.Globalization;
using BigTechChat.ApiConventions;

namespace BigTechChat.Gateway.Tests;

/// <summary>The TimeSpan range every options class validates with at start (the hosts of the embedded process at once).</summary>
public sealed class TimeSpanRangeAttributeTests
{
    [Theory]
    [InlineData("00:00:00.999", false)]
    [InlineData("00:00:01", true)]
    [InlineData("00:10:00", true)]
    [InlineData("00:10:00.001", false)]
    public void Limits_are_inclusive(string value, bool valid) =>
        Assert.Equal(valid, new TimeSpanRangeAttribute("00:00:01", "00:10:00").IsValid(TimeSpan.Parse(value, CultureInfo.InvariantCulture)));

    [Fact]
    public void The_message_names_the_field_and_both_limits() =>
        Assert.Equal("The field PollInterval must be between 00:00:01 and 00:10:00.",
            new TimeSpanRangeAttribute("00:00:01", "00:10:00").FormatErrorMessage("PollInterval"));

    [Fact]
    public void One_instance_validates_on_many_threads_at_once_without_throwing()
    {
        var attribute = new TimeSpanRangeAttribute("00:00:01", "00:10:00");
        using var start = new Barrier(8);
        var results = new ConcurrentQueue<bool>();
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            results.Enqueue(attribute.IsValid(TimeSpan.FromSeconds(5)));
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(8, results.Count(r => r));
    }
}
