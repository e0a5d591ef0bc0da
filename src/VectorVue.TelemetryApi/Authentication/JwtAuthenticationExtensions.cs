using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using VectorVue.TelemetryApi.Problems;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>
/// Bearer JWT authentication for portal tokens: HS256 only, signed by the key the token names, the configured issuer
/// and audience, <c>exp</c> required and within the maximum lifetime, each token validated once while it is cached
/// (<see cref="ValidatedTokenCache"/>); refusals answered in problem+json.
/// </summary>
internal static class JwtAuthenticationExtensions
{
    public static WebApplicationBuilder AddTenantJwtAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JwtOptions>, PublicSigningKeyRefusal>();
        builder.Services.AddSingleton(services => new SigningKeyRing(services.GetRequiredService<IOptions<JwtOptions>>().Value));
        builder.Services.AddSingleton<TokenLifetimeLimit>();
        builder.Services.AddOptions<TokenCacheOptions>().BindConfiguration(TokenCacheOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ValidatedTokenCache>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, SigningKeyRing, ValidatedTokenCache>((bearer, jwt, keys, cache) =>
            {
                bearer.MapInboundClaims = false;
                bearer.RequireHttpsMetadata = false;
                bearer.TokenValidationParameters = PortalTokenValidation.Parameters(jwt.Value, keys);
                // The default handler (JsonWebTokenHandler), behind the cache of tokens it has validated.
                var validator = bearer.TokenHandlers.Single();
                bearer.TokenHandlers.Clear();
                bearer.TokenHandlers.Add(new CachingTokenHandler(validator, cache));
                bearer.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var limit = context.HttpContext.RequestServices.GetRequiredService<TokenLifetimeLimit>();
                        if (limit.Check(context.SecurityToken) is { } tooLong)
                        {
                            context.Fail(tooLong);
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var detail = TokenRefusalDetail.For(context.AuthenticateFailure, jwt.Value);
                        var counter = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IRejectionCounterSource>()
                            ?.Resolve(context.HttpContext.RequestServices)
                            ?? context.HttpContext.RequestServices.GetRequiredService<IRejectionCounter>();
                        counter.Rejected(RejectionReason.Unauthorized, tenantId: null);
                        await ApiProblems.Unauthorized(detail).ExecuteAsync(context.HttpContext);
                    },
                };
            });

        builder.Services.AddAuthorization();
        return builder;
    }
}
