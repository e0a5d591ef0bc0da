using System.ComponentModel.DataAnnotations;

namespace VectorVue.Worker.Admin;

/// <summary>
/// The key the worker's internal admin endpoints (dead-letter re-drive) require, sent as
/// <c>Authorization: Bearer &lt;key&gt;</c>. The AppHost provides it when running (parameter <c>worker-admin-key</c>,
/// generated per local data directory when not configured). Without a key the admin endpoints refuse every request
/// (so in Azure, where the worker has no ingress and no key, they are off). Bound from <c>VectorVue:Admin</c>.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "VectorVue:Admin";

    [MinLength(32)]
    public string? Key { get; set; }
}
