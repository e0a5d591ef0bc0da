using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.Tests.RateLimiting;

/// <summary>The parse budget's arithmetic on a fake clock: what is charged, when it is spent, how it drains.</summary>
public sealed class ParseBudgetTests
{
    private const int Budget = 512 * 1024;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private static readonly Guid Tenant = Guid.NewGuid();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    private ParseBudget NewBudget() =>
        new(Options.Create(new RateLimitOptions { ParseBudgetBytes = Budget, Window = Window }), _clock);

    [Fact]
    public void A_caller_never_charged_is_read_at_once_and_costs_no_entry()
    {
        var budget = NewBudget();

        Assert.Equal(TimeSpan.Zero, budget.WaitFor(Tenant, "ada"));
        Assert.Equal(0, budget.TrackedCallers);
    }

    [Fact]
    public void Below_the_budget_the_caller_is_read_and_from_the_budget_on_it_waits()
    {
        var budget = NewBudget();

        budget.Charge(Tenant, "ada", Budget - 1);
        Assert.Equal(TimeSpan.Zero, budget.WaitFor(Tenant, "ada"));

        budget.Charge(Tenant, "ada", 1);
        Assert.True(budget.WaitFor(Tenant, "ada") > TimeSpan.Zero);
    }

    [Fact]
    public void The_wait_is_how_long_the_overshoot_takes_to_drain_at_a_budget_per_window()
    {
        var budget = NewBudget();

        // Two full batches: one budget over, which drains in one window.
        budget.Charge(Tenant, "ada", Budget);
        budget.Charge(Tenant, "ada", Budget);
        var wait = budget.WaitFor(Tenant, "ada");
        Assert.InRange(wait, Window, Window + TimeSpan.FromMilliseconds(1));

        _clock.Advance(wait);
        Assert.Equal(TimeSpan.Zero, budget.WaitFor(Tenant, "ada"));
    }

    [Fact]
    public void Callers_have_budgets_of_their_own_and_a_token_without_sub_is_a_caller_of_its_own()
    {
        var budget = NewBudget();

        budget.Charge(Tenant, "ada", Budget);

        Assert.True(budget.WaitFor(Tenant, "ada") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, budget.WaitFor(Tenant, "grace"));
        Assert.Equal(TimeSpan.Zero, budget.WaitFor(Tenant, null));
        Assert.Equal(TimeSpan.Zero, budget.WaitFor(Guid.NewGuid(), "ada"));
    }

    [Fact]
    public void A_refused_request_costs_at_least_the_minimum_charge()
    {
        var budget = NewBudget();

        for (var i = 0; i < Budget / ParseBudget.MinimumCharge - 1; i++)
        {
            budget.Charge(Tenant, "ada", 0);
        }

        Assert.Equal(TimeSpan.Zero, budget.WaitFor(Tenant, "ada"));
        budget.Charge(Tenant, "ada", 0);
        Assert.True(budget.WaitFor(Tenant, "ada") > TimeSpan.Zero);
    }

    [Fact]
    public void Callers_whose_bucket_has_drained_are_forgotten_a_window_later()
    {
        var budget = NewBudget();
        budget.Charge(Tenant, "ada", Budget);
        budget.Charge(Tenant, "grace", 1024);
        Assert.Equal(2, budget.TrackedCallers);

        // A window later both have drained; the next charge sweeps them and tracks only its own caller.
        _clock.Advance(Window + TimeSpan.FromSeconds(1));
        budget.Charge(Tenant, "linus", 1024);

        Assert.Equal(1, budget.TrackedCallers);
        Assert.Equal(TimeSpan.Zero, budget.WaitFor(Tenant, "ada"));
    }
}
