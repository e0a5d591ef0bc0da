using System.Security.Cryptography;

namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>
/// Passwords of the local servers, generated once and kept beside their data (mode 600), so a data directory and
/// the password it was initialised with always travel together across restarts.
/// </summary>
internal static class LocalSecrets
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string GetOrCreate(string dataDirectory, string name)
    {
        var path = Path.Combine(dataDirectory, name + ".password");
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
