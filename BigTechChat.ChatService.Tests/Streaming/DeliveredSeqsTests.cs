using BigTechChat.ChatService.Streaming;

namespace BigTechChat.ChatService.Tests.Streaming;

public sealed class DeliveredSeqsTests
{
    [Fact]
    public void A_seq_arriving_after_a_higher_one_is_not_taken_for_written()
    {
        var delivered = new DeliveredSeqs(after: 1);

        delivered.Add(3);

        Assert.False(delivered.Contains(2));
        Assert.True(delivered.Contains(3));
        Assert.True(delivered.HasGapBefore(4));
        delivered.Add(2);
        Assert.Equal(3, delivered.Contiguous);
        Assert.False(delivered.HasGapBefore(4));
    }

    [Fact]
    public void A_hole_that_never_fills_is_given_up_after_MaxAhead_later_messages()
    {
        var delivered = new DeliveredSeqs(after: 0);

        for (var seq = 2; seq <= DeliveredSeqs.MaxAhead + 2; seq++)
        {
            delivered.Add(seq);
        }

        Assert.Equal(DeliveredSeqs.MaxAhead + 2, delivered.Contiguous);
        Assert.False(delivered.HasGapBefore(DeliveredSeqs.MaxAhead + 3));
    }

    [Fact]
    public void A_live_only_stream_starts_at_its_first_frame()
    {
        var delivered = new DeliveredSeqs(after: null);

        Assert.False(delivered.HasGapBefore(7));
        delivered.Add(7);

        Assert.Equal(7, delivered.Contiguous);
        Assert.True(delivered.Contains(6));
    }
}
