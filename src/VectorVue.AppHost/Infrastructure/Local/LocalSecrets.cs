using System.Security.Cryptography;

namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>
/// Secrets of a local run — the local servers' passwords, the worker's admin key — generated once and kept beside
/// the data (mode 600), so a data directory and the passwords it was initialised with always travel together across
/// restarts, and the operator's tools on this machine can read them.
/// </summary>
internal static class LocalSecrets
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <param name="dataDirectory">The local data directory.</param>
    /// <param name="fileName">The secret's file in it, e.g. <c>postgres.password</c>.</param>
    public static string GetOrCreate(string dataDirectory, string fileName)
    {
        var path = Path.Combine(dataDirectory, fileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(dataDirectory);
        var secret = RandomNumberGenerator.GetString(Alphabet, 32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(secret);
        }

        return secret;
    }
}
