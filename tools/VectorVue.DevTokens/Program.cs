using System.Globalization;
using VectorVue.DevTokens;

// make token TENANT=<uuid> USER=<name> [HOURS=24] [KID=<key id>]: prints only the token, so it can go straight into a
// variable. Key, issuer and audience: VECTORVUE_JWT_SIGNING_KEY / _ISSUER / _AUDIENCE, else the AppHost's development
// parameters 'jwt-signing-key', 'jwt-issuer', 'jwt-audience'.
var tenant = Argument("--tenant") ?? "a11ce000-0000-4000-8000-000000000001";
var user = Argument("--user");
var hoursText = Argument("--hours") ?? "24";
var keyId = Argument("--kid");

if (!Guid.TryParse(tenant, out var tenantId))
{
    Console.Error.WriteLine($"--tenant must be a UUID, got '{tenant}'.");
    return 2;
}

var maxHours = DevTokenFactory.MaxLifetime.TotalHours;
if (!double.TryParse(hoursText, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) || !(hours > 0 && hours <= maxHours))
{
    Console.Error.WriteLine(
        $"HOURS must be a number above 0 and at most {maxHours:0}, got '{hoursText}': the API refuses tokens valid for longer " +
        $"than VectorVue:Jwt:MaxTokenLifetime ({maxHours:0} hours by default).");
    return 2;
}

if (DevTokenSettings.Find(out var problem) is not { } settings)
{
    Console.Error.WriteLine(problem);
    return 2;
}

Console.WriteLine(new DevTokenFactory(settings with { KeyId = keyId }, TimeProvider.System)
    .Create(tenantId, user, TimeSpan.FromHours(hours)));
return 0;

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && !string.IsNullOrWhiteSpace(args[index + 1]) ? args[index + 1] : null;
}
