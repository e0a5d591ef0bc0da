using VectorVue.Datasets;

namespace VectorVue.Tests.Analytics;

public sealed class DatasetHasherTests
{
    private static readonly Guid Tenant = Guid.Parse("6f1c1f0e-3a55-4a8e-9a1e-2b2b6e0c0001");
    private static readonly DateTimeOffset End = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static List<DatasetEvent> Events() =>
    [
        .. Enumerable.Range(1, 5).Select(i => new DatasetEvent(
            Guid.Parse($"00000000-0000-7000-8000-00000000000{i}"), i % 2 == 0 ? null : Guid.Parse("a11ce000-0000-4000-8000-0000000000a1"),
            "FINDING_VIEWED", "finding", $"F-{i}", i == 3 ? null : "critical", End.AddMinutes(-10 * i), i == 4 ? """{"page": "findings"}""" : null)),
    ];

    private static readonly Dictionary<string, double> Features = new() { ["events"] = 5, ["mtta_mean_minutes_any"] = 12.25 };

    private static string Hash(IEnumerable<DatasetEvent> events, IEnumerable<KeyValuePair<string, double>>? features = null, string window = "24h")
    {
        using var hasher = new DatasetHasher(Tenant, window, End.AddHours(-24), End);
        foreach (var e in events)
        {
            hasher.AddEvent(e);
        }

        return hasher.Finish(features ?? Features);
    }

    [Fact]
    public void The_same_events_give_the_same_hash_each_time()
    {
        var first = Hash(Events());

        Assert.Equal(first, Hash(Events()));
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void Features_are_hashed_in_name_order_whatever_order_they_come_in() =>
        Assert.Equal(Hash(Events()), Hash(Events(), Features.Reverse()));

    [Theory]
    [InlineData("object_id")]
    [InlineData("severity")]
    [InlineData("timestamp")]
    [InlineData("user")]
    [InlineData("metadata")]
    [InlineData("event_type")]
    public void One_changed_event_changes_the_hash(string column)
    {
        var events = Events();
        var e = events[2];
        events[2] = column switch
        {
            "object_id" => e with { ObjectId = "F-3b" },
            "severity" => e with { Severity = "high" },
            "timestamp" => e with { Timestamp = e.Timestamp.AddTicks(10) },
            "user" => e with { UserId = Guid.NewGuid() },
            "metadata" => e with { MetadataJson = "{}" },
            _ => e with { EventType = "FINDING_ACKNOWLEDGED" },
        };

        Assert.NotEqual(Hash(Events()), Hash(events));
    }

    [Fact]
    public void A_missing_event_a_changed_feature_or_another_window_changes_the_hash()
    {
        var baseline = Hash(Events());

        Assert.NotEqual(baseline, Hash(Events().Skip(1)));
        Assert.NotEqual(baseline, Hash(Events(), new Dictionary<string, double> { ["events"] = 5, ["mtta_mean_minutes_any"] = 12.26 }));
        Assert.NotEqual(baseline, Hash(Events(), window: "7d"));
    }

    [Fact]
    public void Null_and_empty_differ_and_separators_in_values_cannot_collide()
    {
        var events = Events();
        Assert.NotEqual(Hash([events[0] with { ObjectId = null }]), Hash([events[0] with { ObjectId = "" }]));
        Assert.NotEqual(
            Hash([events[0] with { ObjectId = "a|1:b", Severity = null }]),
            Hash([events[0] with { ObjectId = "a", Severity = "b" }]));
    }

    [Fact]
    public void Events_out_of_id_order_are_refused()
    {
        using var hasher = new DatasetHasher(Tenant, "24h", End.AddHours(-24), End);
        var events = Events();
        hasher.AddEvent(events[1]);

        Assert.Throws<InvalidOperationException>(() => hasher.AddEvent(events[0]));
    }

    [Fact]
    public void Uuid_order_is_postgresqls_byte_order()
    {
        // .NET's Guid.CompareTo orders by its little-endian fields; PostgreSQL compares the 16 bytes as written.
        var low = Guid.Parse("01000000-0000-0000-0000-000000000000");
        var high = Guid.Parse("00000000-0000-0000-0000-000000000002");
        Assert.True(UuidOrder.Compare(high, low) < 0);
    }

    [Theory]
    [InlineData("24h", 24)]
    [InlineData("7D", 168)]
    [InlineData(" 1h ", 1)]
    [InlineData("30d", 720)]
    public void Windows_are_the_four_of_the_schema(string name, int hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), DatasetWindow.Find(name)!.Length);

    [Fact]
    public void Window_ends_align_to_the_hour() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.Zero),
            DatasetWindow.AlignEnd(new DateTimeOffset(2026, 11, 26, 12, 59, 59, TimeSpan.FromHours(1))));

    [Theory]
    [InlineData(new[] { "build", "--window", "2h" }, "--window")]
    [InlineData(new[] { "build", "--tenant", "x" }, "--tenant")]
    [InlineData(new[] { "export" }, "--id or --window")]
    [InlineData(new[] { "build", "--end" }, "needs a value")]
    [InlineData(new[] { "rebuild" }, "build")]
    public void Bad_arguments_say_what_is_wrong(string[] args, string expected)
    {
        var (arguments, error) = DatasetArguments.Parse(args);
        Assert.Null(arguments);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_dataset_event_holds_every_event_column_but_the_tenant()
    {
        // The hash covers "every column" of an event: a column added to the list must reach DatasetEvent (and the
        // format version) before this passes again.
        var fields = typeof(DatasetEvent).GetConstructors().Single().GetParameters()
            .Select(p => string.Concat(p.Name!.Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(ch) : ch.ToString())));

        Assert.Equal(DatasetBuilder.EventColumnsRead.Select(c => c.Name), fields);
    }
}
