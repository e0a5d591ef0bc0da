using System.ComponentModel.DataAnnotations;

namespace VectorVue.Worker.Admin;

/// <summary>
/// The key the worker's internal admin endpoints (dead-letter re-drive) require, sent as
/// <c>Authorization: Bearer &lt;key&gt;</c>. The AppHost provides it (parameter <c>worker-admin-key</c>, generated per
/// local data directory when not configured); without one the worker does not start. Bound from <c>VectorVue:Admin</c>.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "VectorVue:Admin";

    [Required]
    [MinLength(32)]
    public string Key { get; set; } = "";
}
