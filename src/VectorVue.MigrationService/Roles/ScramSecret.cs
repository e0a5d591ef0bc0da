using System.Security.Cryptography;
using System.Text;

namespace VectorVue.MigrationService.Roles;

/// <summary>
/// A password as PostgreSQL stores it for SCRAM-SHA-256 (RFC 5802, RFC 7677): the migrator sends this instead of the
/// password, so the password itself is never in a statement the server could log.
/// </summary>
internal static class ScramSecret
{
    private const int Iterations = 4096;

    public static string For(string password) => For(password, RandomNumberGenerator.GetBytes(16), Iterations);

    /// <param name="password">Printable ASCII only: what PostgreSQL's SASLprep leaves unchanged.</param>
    /// <param name="salt">The salt stored with the secret.</param>
    /// <param name="iterations">PBKDF2 iterations (PostgreSQL's default is 4096).</param>
    internal static string For(string password, byte[] salt, int iterations)
    {
        if (password.Length == 0 || password.Any(c => c is < ' ' or > '~'))
        {
            throw new ArgumentException("A role's password must be non-empty printable ASCII.", nameof(password));
        }

        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
