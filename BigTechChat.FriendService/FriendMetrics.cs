using System.Diagnostics.Metrics;

namespace BigTechChat.FriendService;

/// <summary>Friend request outcomes (<c>friend_requests_total{action}</c>), so dashboards can show acceptance rates.</summary>
public sealed class FriendMetrics
{
    public const string MeterName = "BigTechChat.Friends";

    private readonly Counter<long> _requests;

    public FriendMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("friend_requests_total", description: "Friend requests by outcome");
    }

    public void Sent() => Record("sent");

    public void Accepted() => Record("accepted");

    public void Rejected() => Record("rejected");

    public void Cancelled() => Record("cancelled");

    private void Record(string action) => _requests.Add(1, new KeyValuePair<string, object?>("action", action));
}
