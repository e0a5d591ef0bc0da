using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using VectorVue.TelemetryApi.Problems;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>Bearer JWT authentication for portal tokens: HS256 only, <c>exp</c> required, answers in problem+json.</summary>
internal static class JwtAuthenticationExtensions
{
    public static WebApplicationBuilder AddTenantJwtAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JwtOptions>, PublicSigningKeyRefusal>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwt) =>
            {
                bearer.MapInboundClaims = false;
                bearer.RequireHttpsMetadata = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = false,
                    ValidateAudience = false,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.Value.SigningKey)),
                    ClockSkew = jwt.Value.ClockSkew,
                };
                bearer.Events = new JwtBearerEvents
                {
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        var detail = context.AuthenticateFailure switch
                        {
                            SecurityTokenExpiredException => "The bearer token has expired.",
                            SecurityTokenNoExpirationException => "The bearer token has no 'exp' claim.",
                            null => "A bearer token is required.",
                            _ => "The bearer token is not valid.",
                        };
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
