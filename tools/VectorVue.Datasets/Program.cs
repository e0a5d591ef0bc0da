using VectorVue.Datasets;

// make datasets / make dataset-csv: build or export model feature sets against ConnectionStrings__vectorvue, then exit.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the running statement be cancelled and the process end by itself
    cancellation.Cancel();
};

return await DatasetCommand.RunAsync(
    args, Environment.GetEnvironmentVariable(DatasetCommand.ConnectionVariable), TimeProvider.System, cancellation.Token);
