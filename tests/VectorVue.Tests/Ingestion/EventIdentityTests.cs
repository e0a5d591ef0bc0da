using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.Tests.Ingestion;

public sealed class EventIdentityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_client_key_maps_to_the_same_id_every_time_within_a_tenant()
    {
        var tenant = Guid.NewGuid();
        var key = Guid.NewGuid();

        Assert.Equal(EventIdentity.For(tenant, key, Now), EventIdentity.For(tenant, key, Now.AddHours(1)));
        Assert.Equal(5, EventIdentity.For(tenant, key, Now).Version);
    }

    [Fact]
    public void The_same_client_key_of_two_tenants_gives_two_ids()
    {
        var key = Guid.NewGuid();
        Assert.NotEqual(EventIdentity.For(Guid.NewGuid(), key, Now), EventIdentity.For(Guid.NewGuid(), key, Now));
    }

    [Fact]
    public void Without_a_client_key_the_server_assigns_time_ordered_uuid_v7()
    {
        var earlier = EventIdentity.For(Guid.NewGuid(), null, Now);
        var later = EventIdentity.For(Guid.NewGuid(), null, Now.AddMilliseconds(5));

        Assert.Equal(7, earlier.Version);
        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) < 0);
    }

    [Fact]
    public void Name_based_ids_follow_rfc_9562_version_5()
    {
        // Expected value computed independently (Python hashlib): SHA-1 over the namespace's 16 bytes and the
        // name's 16 bytes, first 16 bytes kept, version nibble 5, variant bits 10.
        var id = EventIdentity.NameBased(
            Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), Guid.Parse("00000000-0000-0000-0000-000000000000"));

        Assert.Equal(5, id.Version);
        Assert.Equal(Guid.Parse(ExpectedForZeroName), id);
    }

    private const string ExpectedForZeroName = "da69e77e-ac68-594f-bd7a-cf7d11f002e8";
}
