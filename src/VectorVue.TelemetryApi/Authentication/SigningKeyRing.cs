using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>
/// Which configured key may have signed a token. A token whose header names a <c>kid</c> is checked against the key
/// with that id and no other (an unknown or empty <c>kid</c> finds none); a token without <c>kid</c> is checked
/// against the key without an id (<see cref="JwtOptions.SigningKey"/>). No key is ever tried just because the
/// others failed, so removing a key from the configuration refuses exactly the tokens it signed.
/// </summary>
internal sealed class SigningKeyRing
{
    private readonly SecurityKey[] _withoutId;
    private readonly Dictionary<string, SecurityKey[]> _byId = new(StringComparer.Ordinal);

    public SigningKeyRing(JwtOptions options)
    {
        var withoutId = new List<SecurityKey>();
        foreach (var (_, id, value) in options.ConfiguredKeys())
        {
            var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(value)) { KeyId = id };
            if (id is null)
            {
                withoutId.Add(key);
            }
            else
            {
                _byId[id] = [key];
            }
        }

        _withoutId = [.. withoutId];
    }

    /// <summary>The keys the token may be checked against: none, or exactly one.</summary>
    public IEnumerable<SecurityKey> For(SecurityToken token)
    {
        if (token is not JsonWebToken jwt)
        {
            return [];
        }

        // A kid that is present counts even when empty: it names a key, and only that key may answer.
        if (jwt.TryGetHeaderValue<object>(JwtHeaderParameterNames.Kid, out _))
        {
            return _byId.TryGetValue(jwt.Kid, out var keys) ? keys : [];
        }

        return _withoutId;
    }
}
