using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.Tests.RateLimiting;

public sealed class UserBucketTests
{
    [Fact]
    public void A_user_named_dash_or_none_is_not_the_bucket_of_tokens_without_sub()
    {
        Assert.NotEqual(UserBucket.Of(null), UserBucket.Of("-"));
        Assert.NotEqual(UserBucket.Of(null), UserBucket.Of("none"));
        Assert.NotEqual(UserBucket.Of(null), UserBucket.Of(""));
    }

    [Theory]
    [InlineData("a:b", "a")]
    [InlineData("a", "a:")]
    [InlineData("a}:user:b", "a")]
    [InlineData("Ada", "ada")]
    public void Names_that_differ_never_share_a_bucket_whatever_separators_they_hold(string one, string other)
    {
        Assert.NotEqual(UserBucket.Of(one), UserBucket.Of(other));
        Assert.Equal(UserBucket.Of(one), UserBucket.Of(one));
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("{tenant}:user:x")]
    [InlineData("élève 🙂\u0000")]
    [InlineData("a very long name ............................................................................................")]
    public void A_name_becomes_43_key_safe_characters_whatever_it_holds(string username)
    {
        var bucket = UserBucket.Of(username);

        Assert.Equal(43, bucket.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", bucket);
    }
}
