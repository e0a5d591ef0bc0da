using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace VectorVue.Worker.DeadLetters;

/// <summary>
/// The operator's re-drive command (<c>make redrive</c>, and the worker's "Re-drive dead letters" command in the
/// Aspire dashboard). The worker's HTTP endpoint is internal: the AppHost never exposes it externally.
/// </summary>
internal static class DeadLetterApi
{
    public static void MapDeadLetterApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/admin/dead-letters/redrive", async Task<Ok<RedriveResult>> (DeadLetterRedriver redriver, CancellationToken cancellationToken) =>
            TypedResults.Ok(new RedriveResult(await redriver.RedriveAsync(cancellationToken))));
}

internal sealed record RedriveResult([property: JsonPropertyName("redriven")] int Redriven);
