using Microsoft.Extensions.Options;
using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// Rate-limit settings that contradict each other or the ingestion limits: each is valid alone, but together they
/// make a request the API promises to take impossible, so the API refuses to start and names both settings.
/// </summary>
internal sealed class RateLimitSettingsValidation(IOptions<IngestionOptions> ingestion) : IValidateOptions<RateLimitOptions>
{
    private const string RateLimiting = RateLimitOptions.SectionName;
    private const string Ingestion = IngestionOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var limits = ingestion.Value;
        var failures = new List<string>();
        if (options.UserLimit < limits.MaxBatchEvents)
        {
            failures.Add(
                $"{RateLimiting}:UserLimit ({options.UserLimit}) is below {Ingestion}:MaxBatchEvents ({limits.MaxBatchEvents}): " +
                "a full batch could never pass the user limit. Raise UserLimit or lower MaxBatchEvents.");
        }

        if (options.TenantLimit < options.UserLimit)
        {
            failures.Add(
                $"{RateLimiting}:TenantLimit ({options.TenantLimit}) is below {RateLimiting}:UserLimit ({options.UserLimit}): " +
                "a single user could never reach the user limit. Raise TenantLimit or lower UserLimit.");
        }

        if (options.ParseBudgetBytes < limits.MaxBatchBodyBytes)
        {
            failures.Add(
                $"{RateLimiting}:ParseBudgetBytes ({options.ParseBudgetBytes}) is below {Ingestion}:MaxBatchBodyBytes ({limits.MaxBatchBodyBytes}): " +
                "one refused batch of the largest size would shut its caller out for longer than a window. Raise ParseBudgetBytes or lower MaxBatchBodyBytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
