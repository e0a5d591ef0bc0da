using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using VectorVue.TelemetryApi.Ingestion;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.Tests.RateLimiting;

/// <summary>Settings each valid alone that contradict each other: refused with a message naming both.</summary>
public sealed class SettingsContradictionTests
{
    private static ValidateOptionsResult Validate(RateLimitOptions rateLimits, IngestionOptions? ingestion = null) =>
        new RateLimitSettingsValidation(Options.Create(ingestion ?? new IngestionOptions())).Validate(null, rateLimits);

    [Fact]
    public void The_defaults_agree()
    {
        Assert.True(Validate(new RateLimitOptions()).Succeeded);
        Assert.Empty(IngestionFailures(new IngestionOptions()));
    }

    [Fact]
    public void A_user_limit_below_the_batch_size_is_refused()
    {
        var result = Validate(new RateLimitOptions { UserLimit = 50 }, new IngestionOptions { MaxBatchEvents = 100 });

        Assert.True(result.Failed);
        Assert.Contains("VectorVue:RateLimiting:UserLimit (50) is below VectorVue:Ingestion:MaxBatchEvents (100)", result.FailureMessage);
    }

    [Fact]
    public void A_user_limit_of_exactly_the_batch_size_is_accepted()
    {
        Assert.True(Validate(new RateLimitOptions { UserLimit = 100 }, new IngestionOptions { MaxBatchEvents = 100 }).Succeeded);
    }

    [Fact]
    public void A_tenant_limit_below_the_user_limit_is_refused()
    {
        var result = Validate(new RateLimitOptions { UserLimit = 500, TenantLimit = 400 });

        Assert.True(result.Failed);
        Assert.Contains("VectorVue:RateLimiting:TenantLimit (400) is below VectorVue:RateLimiting:UserLimit (500)", result.FailureMessage);
    }

    [Fact]
    public void A_parse_budget_below_the_batch_body_limit_is_refused()
    {
        var result = Validate(new RateLimitOptions { ParseBudgetBytes = 100_000 }, new IngestionOptions { MaxBatchBodyBytes = 524_288 });

        Assert.True(result.Failed);
        Assert.Contains("VectorVue:RateLimiting:ParseBudgetBytes (100000) is below VectorVue:Ingestion:MaxBatchBodyBytes (524288)", result.FailureMessage);
    }

    [Fact]
    public void Every_contradiction_is_named_at_once()
    {
        var result = Validate(new RateLimitOptions { UserLimit = 10, TenantLimit = 5, ParseBudgetBytes = 1024 });

        Assert.Equal(3, result.Failures!.Count());
    }

    [Fact]
    public void A_batch_body_limit_below_the_single_event_limit_is_refused()
    {
        var failures = IngestionFailures(new IngestionOptions { MaxEventBodyBytes = 65_536, MaxBatchBodyBytes = 32_768 });

        Assert.Equal(
            ["VectorVue:Ingestion:MaxBatchBodyBytes (32768) is below VectorVue:Ingestion:MaxEventBodyBytes (65536): an event accepted on its own could not be sent in a batch. Raise MaxBatchBodyBytes or lower MaxEventBodyBytes."],
            failures);
    }

    private static List<string> IngestionFailures(IngestionOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
