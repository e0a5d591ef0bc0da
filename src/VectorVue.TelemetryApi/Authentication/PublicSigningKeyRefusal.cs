using Microsoft.Extensions.Options;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>
/// Outside Development, refuses every configured signing key that is public (<see cref="PublicSigningKeys"/>):
/// with the development key anyone could mint a token for any tenant. Runs with the options' start-up
/// validation, so the API stops before it listens and says which setting to change.
/// </summary>
internal sealed class PublicSigningKeyRefusal(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = options.ConfiguredKeys()
            .Where(key => PublicSigningKeys.Contains(key.Value))
            .Select(key =>
                $"{key.Setting} is a public signing key (the development key or one listed in PublicSigningKeys) and is " +
                $"refused in the {environment.EnvironmentName} environment: set the AppHost parameter 'jwt-signing-key' " +
                "(azd: the secure parameter jwt_signing_key) to the portal's own secret key.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
