using System.Globalization;
using System.Text.RegularExpressions;

namespace BigTechChat.Deploy.Tests.Infrastructure;

/// <summary>Reads the topics deploy/k8s/base/kafka/create-topics.sh creates (`create topic partitions retention.ms`).</summary>
public static partial class TopicScript
{
    public static Dictionary<string, (int Partitions, long RetentionMs)> Parse(string script)
    {
        var topics = new Dictionary<string, (int, long)>(StringComparer.Ordinal);
        foreach (Match line in CreateLine().Matches(script))
        {
            Assert.True(topics.TryAdd(line.Groups["topic"].Value, (
                int.Parse(line.Groups["partitions"].Value, CultureInfo.InvariantCulture),
                long.Parse(line.Groups["retention"].Value, CultureInfo.InvariantCulture))),
                $"Topic {line.Groups["topic"].Value} is created twice.");
        }

        Assert.Contains("--partitions \"$2\"", script, StringComparison.Ordinal);
        Assert.Contains("retention.ms=\"$3\"", script, StringComparison.Ordinal);
        return topics;
    }

    [GeneratedRegex(@"^create\s+(?<topic>[a-z._]+)\s+(?<partitions>\d+)\s+(?<retention>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CreateLine();
}
