using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VectorVue.AppHost;

/// <summary>The worker's "Re-drive dead letters" command in the Aspire dashboard (the same as <c>make redrive</c>).</summary>
internal static class DeadLetterCommands
{
    public static IResourceBuilder<ProjectResource> WithDeadLetterRedriveCommand(
        this IResourceBuilder<ProjectResource> worker, IResourceBuilder<ParameterResource> adminKey) =>
        worker.WithCommand(
            name: "redrive-dead-letters",
            displayName: "Re-drive dead letters",
            executeCommand: async context =>
            {
                using var http = new HttpClient { BaseAddress = new Uri(worker.GetEndpoint("http").Url), Timeout = TimeSpan.FromMinutes(1) };
                using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/dead-letters/redrive");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await adminKey.Resource.GetValueAsync(context.CancellationToken));
                using var response = await http.SendAsync(request, context.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(context.CancellationToken);
                return response.IsSuccessStatusCode
                    ? Summarize(body)
                    : CommandResults.Failure($"The worker answered {(int)response.StatusCode}: {body}");
            },
            commandOptions: new CommandOptions
            {
                Description = "Put every dead letter back on the events stream, once its cause is fixed.",
                IconName = "ArrowRedo",
                UpdateState = context => context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });

    /// <summary>Success when every dead letter went back; otherwise says how many remain and why.</summary>
    private static ExecuteCommandResult Summarize(string body)
    {
        using var result = JsonDocument.Parse(body);
        var root = result.RootElement;
        var redriven = root.GetProperty("redriven").GetInt32();
        var remaining = root.GetProperty("remaining").GetInt64();
        return root.GetProperty("stopped_by").GetString() switch
        {
            null => CommandResults.Success($"Re-drove {redriven} dead letters."),
            "high_water_mark" => CommandResults.Failure(
                $"Re-drove {redriven} dead letters; {remaining} remain: the events stream is at its high-water mark. Run it again once the stream has drained."),
            var other => CommandResults.Failure($"Re-drove {redriven} dead letters; {remaining} remain ({other}): run it again."),
        };
    }
}
