using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using VectorVue.Worker.Admin;

namespace VectorVue.Worker.Maintenance;

/// <summary>
/// Runs the partition maintenance now, as the next interval would (<c>make partitions</c>, and the tests): the same
/// internal endpoint and admin key as the dead-letter re-drive (<see cref="AdminKeyFilter"/>).
/// </summary>
internal static class PartitionApi
{
    public static void MapPartitionApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/admin")
            .AddEndpointFilter<AdminKeyFilter>()
            .MapPost("/partitions/maintain", MaintainAsync);

    private static async Task<Results<Ok<PartitionRun>, ProblemHttpResult>> MaintainAsync(
        PartitionMaintainer maintainer, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await maintainer.RunAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // Creating and dropping each commit on their own (a failed one changes nothing): running it again finishes the job.
            return AdminProblems.Unavailable(
                $"PostgreSQL failed during the partition maintenance ({ex.GetBaseException().Message}). Run it again.");
        }
    }
}
