using static Uet.Domain.Tests.TestPlans;

namespace Uet.Domain.Tests;

public class CriticalPathTests
{
    [Fact]
    public void Unit_weights_count_workstreams_to_the_farthest_sink()
    {
        var lengths = CriticalPath.RemainingLengths(Plan(
            Ws("ws-a"),
            Ws("ws-b", deps: ["ws-a"]),
            Ws("ws-c", deps: ["ws-b"]),
            Ws("ws-d", deps: ["ws-a"])));

        Assert.Equal(3, lengths["ws-a"]);
        Assert.Equal(2, lengths["ws-b"]);
        Assert.Equal(1, lengths["ws-c"]);
        Assert.Equal(1, lengths["ws-d"]);
    }

    [Fact]
    public void Estimated_minutes_weigh_the_path_and_missing_ones_count_one()
    {
        var lengths = CriticalPath.RemainingLengths(Plan(
            Ws("ws-a", minutes: 10),
            Ws("ws-b", deps: ["ws-a"], minutes: 5),
            Ws("ws-c", deps: ["ws-a"]),
            Ws("ws-d", deps: ["ws-c"], minutes: 30)));

        Assert.Equal(41, lengths["ws-a"]);
        Assert.Equal(5, lengths["ws-b"]);
        Assert.Equal(31, lengths["ws-c"]);
    }

    [Fact]
    public void A_cycle_is_refused()
    {
        var plan = Plan(Ws("ws-a", deps: ["ws-b"]), Ws("ws-b", deps: ["ws-a"]));
        Assert.Throws<ArgumentException>(() => CriticalPath.RemainingLengths(plan));
    }
}
