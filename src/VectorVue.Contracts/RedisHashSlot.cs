using System.Text;

namespace VectorVue.Contracts;

/// <summary>
/// Redis Cluster's key → hash slot function (the cluster specification's "Keys distribution model"): CRC16-XMODEM of
/// the key's bytes modulo 16384, where a key with a non-empty <c>{…}</c> section hashes only what is between its first
/// <c>{</c> and the next <c>}</c>. Ours, so the shard layout is computed the same everywhere without a connection.
/// </summary>
public static class RedisHashSlot
{
    /// <summary>Slots of a Redis Cluster.</summary>
    public const int Count = 16384;

    private static readonly ushort[] Table = BuildTable();

    /// <summary>The slot of a key, hash tags applied.</summary>
    public static int Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = Encoding.UTF8.GetBytes(key);
        return Of(bytes);
    }

    /// <summary>The slot of a key given as its bytes, hash tags applied.</summary>
    public static int Of(ReadOnlySpan<byte> key)
    {
        var open = key.IndexOf((byte)'{');
        if (open >= 0)
        {
            var close = key[(open + 1)..].IndexOf((byte)'}');
            if (close > 0)
            {
                key = key.Slice(open + 1, close);
            }
        }

        return Crc16(key) % Count;
    }

    /// <summary>CRC16-XMODEM (polynomial 0x1021, initial value 0, no reflection): "123456789" gives 0x31C3.</summary>
    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc = (ushort)((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]);
        }

        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)(i << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
