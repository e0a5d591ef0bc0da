using Microsoft.IdentityModel.Tokens;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>
/// The bearer handler's token handler with <see cref="ValidatedTokenCache"/> in front: a token validated once is not
/// parsed and its signature not checked again while its entry lives. Each request gets an identity of its own (a copy
/// of the cached one), so nothing one request adds to it reaches another. The checks after validation
/// (<see cref="TokenLifetimeLimit"/>) still run on every request.
/// </summary>
internal sealed class CachingTokenHandler(TokenHandler inner, ValidatedTokenCache cache) : TokenHandler
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (cache.TryGet(token, out var cached))
        {
            return new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = cached.SecurityToken,
                ClaimsIdentity = cached.ClaimsIdentity.Clone(),
                Issuer = cached.Issuer,
                TokenType = cached.TokenType,
            };
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            cache.Add(token, result);
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override int MaximumTokenSizeInBytes
    {
        get => inner.MaximumTokenSizeInBytes;
        set => inner.MaximumTokenSizeInBytes = value;
    }
}
