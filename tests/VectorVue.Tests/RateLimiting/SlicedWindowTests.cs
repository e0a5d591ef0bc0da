using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.Tests.RateLimiting;

/// <summary>The window as the limit scripts see it: ten slices of whole microseconds, its keys' expiry in milliseconds.</summary>
public sealed class SlicedWindowTests
{
    [Theory]
    [InlineData("00:01:00", 6_000_000, 60_000)]
    [InlineData("00:00:01", 100_000, 1_000)]
    [InlineData("00:00:01.234", 123_400, 1_234)]
    [InlineData("01:00:00", 360_000_000, 3_600_000)]
    public void A_window_is_ten_slices(string window, long sliceMicroseconds, long windowMilliseconds)
    {
        var span = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(sliceMicroseconds, SlicedWindow.SliceMicroseconds(span));
        Assert.Equal(windowMilliseconds, SlicedWindow.WindowMilliseconds(span));
        Assert.Equal(10, SlicedWindow.Slices);
    }

    [Fact]
    public void The_lua_agrees_on_the_number_of_slices() =>
        Assert.Contains($"local SLICES = {SlicedWindow.Slices}\n", SlicedWindow.Lua.ReplaceLineEndings("\n"));
}
