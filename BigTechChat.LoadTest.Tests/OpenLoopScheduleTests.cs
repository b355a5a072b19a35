using BigTechChat.LoadTest.Measurement;

namespace BigTechChat.LoadTest.Tests;

public sealed class OpenLoopScheduleTests
{
    private static readonly OpenLoopSchedule TwoThousandPerSecond = new(2000, TimeSpan.FromSeconds(3));

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.0004, 1)]
    [InlineData(0.0006, 2)]
    [InlineData(1.0, 2001)]
    [InlineData(2.9999, 6000)]
    [InlineData(10.0, 6000)]
    public void Messages_fall_due_at_the_rate_whatever_has_answered(double seconds, long due)
    {
        Assert.Equal(due, TwoThousandPerSecond.DueBy(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Each_message_is_due_at_its_index_over_the_rate()
    {
        Assert.Equal(6000, TwoThousandPerSecond.Total);
        Assert.Equal(TimeSpan.FromMilliseconds(500), TwoThousandPerSecond.DueAt(1000));
    }

    [Fact]
    public void A_zero_rate_schedules_nothing()
    {
        var idle = new OpenLoopSchedule(0, TimeSpan.FromSeconds(30));

        Assert.Equal(0, idle.Total);
        Assert.Equal(0, idle.DueBy(TimeSpan.FromSeconds(5)));
    }
}
