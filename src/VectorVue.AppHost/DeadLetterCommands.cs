using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VectorVue.AppHost;

/// <summary>The worker's "Re-drive dead letters" command in the Aspire dashboard (the same as <c>make redrive</c>).</summary>
internal static class DeadLetterCommands
{
    public static IResourceBuilder<ProjectResource> WithDeadLetterRedriveCommand(this IResourceBuilder<ProjectResource> worker) =>
        worker.WithCommand(
            name: "redrive-dead-letters",
            displayName: "Re-drive dead letters",
            executeCommand: async context =>
            {
                using var http = new HttpClient { BaseAddress = new Uri(worker.GetEndpoint("http").Url), Timeout = TimeSpan.FromMinutes(1) };
                using var response = await http.PostAsync("/admin/dead-letters/redrive", content: null, context.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(context.CancellationToken);
                return response.IsSuccessStatusCode
                    ? CommandResults.Success()
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
}
