using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace VectorVue.Worker.Admin;

/// <summary>
/// Lets a request through to an admin endpoint only with the worker's admin key as a bearer token; anything else
/// gets 401 problem+json, and so does everything when the worker has no key. The key is compared in constant time:
/// both sides are hashed (SHA-256) first, so neither its content nor its length shows in how long a refusal takes.
/// </summary>
internal sealed partial class AdminKeyFilter(IOptions<AdminOptions> options, WorkerMetrics metrics, ILogger<AdminKeyFilter> logger) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    private readonly byte[]? _expected = string.IsNullOrEmpty(options.Value.Key) ? null : Hash(options.Value.Key);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (IsAdminKey(request.Headers.Authorization.ToString()))
        {
            return await next(context);
        }

        metrics.AdminRefused();
        LogRefused(logger, request.Path.Value ?? "",
            _expected is null ? "this worker has no admin key (VectorVue:Admin:Key), so its admin endpoints are off" : "no valid admin key");
        context.HttpContext.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"vectorvue-worker-admin\"";
        return AdminProblems.Unauthorized();
    }

    private bool IsAdminKey(string authorization) =>
        _expected is not null
        && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
        && CryptographicOperations.FixedTimeEquals(Hash(authorization[Scheme.Length..].Trim()), _expected);

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an admin request to {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string reason);
}
