using System.Reflection;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>Runs the datasets program (<c>tools/VectorVue.Datasets</c>, what <c>make datasets</c> runs) against the system's database.</summary>
public static class DatasetsProgram
{
    private static readonly string ProjectPath = typeof(DatasetsProgram).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "DatasetsProject").Value!;

    /// <summary>Runs it once as a process, as <c>make datasets</c> does, and returns its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunDatasetsAsync(this VectorVueAppFixture fixture, IEnumerable<string> args) =>
        await ProjectProcess.RunAsync(
            ProjectPath,
            args,
            new Dictionary<string, string?> { ["ConnectionStrings__vectorvue"] = await fixture.GetDatabaseConnectionStringAsync() },
            TestTimeouts.Process);
}
