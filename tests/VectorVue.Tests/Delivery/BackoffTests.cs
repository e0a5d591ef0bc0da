using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

public sealed class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    [Fact]
    public void Delays_grow_exponentially_up_to_the_cap_and_never_drop_below_the_base()
    {
        var backoff = new Backoff(Base, Max, new Random(42));
        var delays = Enumerable.Range(0, 20).Select(_ => backoff.NextDelay()).ToList();

        for (var attempt = 0; attempt < delays.Count; attempt++)
        {
            var ceiling = Math.Min(Max.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(2, attempt));
            Assert.InRange(delays[attempt].TotalMilliseconds, Base.TotalMilliseconds, ceiling);
        }

        Assert.True(delays.Skip(10).Max() > TimeSpan.FromSeconds(2), "late retries should wait seconds, not milliseconds");
        Assert.Equal(20, backoff.Failures);
    }

    [Fact]
    public void Jitter_spreads_the_retries_of_many_workers()
    {
        var delays = Enumerable.Range(0, 50).Select(seed =>
        {
            var backoff = new Backoff(Base, Max, new Random(seed));
            for (var i = 0; i < 5; i++)
            {
                backoff.NextDelay();
            }

            return backoff.NextDelay();
        }).Distinct().Count();

        Assert.True(delays > 40);
    }

    [Fact]
    public void A_success_starts_over_from_the_base_delay()
    {
        var backoff = new Backoff(Base, Max, new Random(1));
        for (var i = 0; i < 10; i++)
        {
            backoff.NextDelay();
        }

        backoff.Reset();
        Assert.InRange(backoff.NextDelay().TotalMilliseconds, Base.TotalMilliseconds, Base.TotalMilliseconds);
    }
}
