using VectorVue.Seeder;

// make seed-clients [EVENTS=20000] [SEED=42] [ANCHOR=<ISO instant>]: demo tenants with weeks of portal history.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the load roll back and the process end by itself
    cancellation.Cancel();
};

return await SeedCommand.RunAsync(args, TimeProvider.System, Console.Out, Console.Error, cancellation.Token);
