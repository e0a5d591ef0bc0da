// The ceiling of `make bench`: what this machine and the benchmark's load generator reach against a server that
// does no work. It answers the telemetry API's two ingestion routes with 202 and a body of the same shape (a fresh
// UUIDv7 per event), after reading the request body, on the loopback port given with --urls.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapPost("/api/v1/client/events", async (HttpContext http) =>
{
    await DrainAsync(http.Request);
    http.Response.StatusCode = StatusCodes.Status202Accepted;
    http.Response.ContentType = "application/json; charset=utf-8";
    await http.Response.WriteAsync("{\"accepted\":true,\"event_id\":\"" + Guid.CreateVersion7() + "\"}");
});

app.Run();

static async Task DrainAsync(HttpRequest request)
{
    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(4096);
    try
    {
        while (await request.Body.ReadAsync(buffer) > 0)
        {
        }
    }
    finally
    {
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }
}
