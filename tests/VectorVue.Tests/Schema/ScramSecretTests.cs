using VectorVue.MigrationService.Roles;

namespace VectorVue.Tests.Schema;

/// <summary>The secret the migrator sets a role's password with is the one PostgreSQL itself stores for that password.</summary>
public sealed class ScramSecretTests
{
    [Fact]
    public void The_secret_is_what_postgresql_stores_for_the_same_password_and_salt()
    {
        // From PostgreSQL 15: CREATE ROLE r PASSWORD 'correct horse battery staple'; SELECT rolpassword FROM pg_authid.
        const string stored =
            "SCRAM-SHA-256$4096:99NAxqLIiIRKyqzYWY5VhQ==$Xdhry6Gyl1A7DxFWn8yAknR0l/uYw5f7prcXtfS0VSA=:CI9cg+tGOPHzzk/YWu5Yx/OgsCxOUb6KXvg2N+URX18=";

        var secret = ScramSecret.For("correct horse battery staple", Convert.FromBase64String("99NAxqLIiIRKyqzYWY5VhQ=="), 4096);

        Assert.Equal(stored, secret);
    }

    [Fact]
    public void Each_secret_has_its_own_salt()
    {
        Assert.NotEqual(ScramSecret.For("same password"), ScramSecret.For("same password"));
        Assert.StartsWith("SCRAM-SHA-256$4096:", ScramSecret.For("same password"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pässword")]
    [InlineData("tab\there")]
    public void A_password_postgresql_would_normalise_is_refused(string password) =>
        Assert.Throws<ArgumentException>(() => ScramSecret.For(password));
}
