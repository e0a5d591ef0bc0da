using System.Text;
using VectorVue.Contracts;

namespace VectorVue.Tests.Contracts;

public sealed class RedisHashSlotTests
{
    [Fact]
    public void Crc16_is_xmodem_as_the_cluster_specification_says() =>
        Assert.Equal(0x31C3, RedisHashSlot.Crc16(Encoding.ASCII.GetBytes("123456789")));

    [Theory]
    [InlineData("123456789", 0x31C3 % 16384)]
    [InlineData("vectorvue:events", 13292)]
    [InlineData("foo{bar}zap", 5061)] // only "bar" is hashed
    [InlineData("{}x", 10595)] // an empty tag hashes the whole key
    [InlineData("a{}{b}", 15033)] // the first '{' decides, and its tag is empty
    [InlineData("{user1000}.following", 3443)]
    public void Known_keys_have_known_slots(string key, int slot) => Assert.Equal(slot, RedisHashSlot.Of(key));
}
