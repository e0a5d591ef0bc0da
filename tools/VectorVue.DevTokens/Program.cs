using VectorVue.DevTokens;

// make token TENANT=<uuid> USER=<name> [HOURS=24]: prints only the token, so it can go straight into a variable.
// The key is VECTORVUE_JWT_SIGNING_KEY, else the AppHost's development parameter 'jwt-signing-key'.
var tenant = Argument("--tenant") ?? "a11ce000-0000-4000-8000-000000000001";
var user = Argument("--user");
var hours = double.TryParse(Argument("--hours"), System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : 24;

if (!Guid.TryParse(tenant, out var tenantId))
{
    Console.Error.WriteLine($"--tenant must be a UUID, got '{tenant}'.");
    return 2;
}

var key = DevSigningKey.Find();
if (string.IsNullOrEmpty(key))
{
    Console.Error.WriteLine("No signing key: set VECTORVUE_JWT_SIGNING_KEY or Parameters:jwt-signing-key in src/VectorVue.AppHost/appsettings.Development.json.");
    return 2;
}

Console.WriteLine(new DevTokenFactory(key, TimeProvider.System).Create(tenantId, user, TimeSpan.FromHours(hours)));
return 0;

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && !string.IsNullOrWhiteSpace(args[index + 1]) ? args[index + 1] : null;
}
