namespace VectorVue.TelemetryApi.Privacy;

/// <summary>
/// What may never be stored (docs/ingestion-contract.md, "Privacy"): a metadata key that names the client's address,
/// user agent or typed input, and a value that holds an IP address or a user-agent string anywhere in it.
/// </summary>
internal static class ClientIdentity
{
    public static bool IsSensitiveKey(string key) => SensitiveKeys.IsSensitive(key);

    public static bool IsSensitiveValue(string value) =>
        AddressesInText.ContainsIpAddress(value) || UserAgentText.IsUserAgent(value);
}
