using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Worker.Admin;

namespace VectorVue.Worker.DeadLetters;

/// <summary>
/// The operator's re-drive command (<c>make redrive</c>, and the worker's "Re-drive dead letters" command in the
/// Aspire dashboard). The worker's HTTP endpoint is internal — the AppHost never exposes it externally — and its
/// admin routes need the worker's admin key besides (<see cref="AdminKeyFilter"/>).
/// </summary>
internal static class DeadLetterApi
{
    public static void MapDeadLetterApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/admin")
            .AddEndpointFilter<AdminKeyFilter>()
            .MapPost("/dead-letters/redrive", RedriveAsync);

    private static async Task<Results<Ok<RedriveResult>, ProblemHttpResult>> RedriveAsync(
        DeadLetterRedriver redriver, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await redriver.RedriveAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is RedisException or NpgsqlException or TimeoutException)
        {
            // Chunks committed before the failure stay re-driven; the rest stay dead letters. Nothing is lost.
            return AdminProblems.Unavailable(
                $"Redis or PostgreSQL failed during the re-drive ({ex.GetBaseException().Message}). Dead letters not yet re-driven stay in place: run it again.");
        }
    }
}
