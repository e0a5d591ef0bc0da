using VectorVue.Contracts;

namespace VectorVue.Tests.Vocabulary;

public sealed class EventVocabularyTests
{
    [Fact]
    public void Every_event_type_is_about_an_object_type_of_the_contract() =>
        Assert.All(EventTypes.All, eventType => Assert.Contains(EventTypes.ObjectTypeOf(eventType), ObjectTypes.All));

    [Fact]
    public void Every_object_type_is_named_by_some_event_type() =>
        Assert.Equal(ObjectTypes.All.Order(StringComparer.Ordinal), EventTypes.All.Select(EventTypes.ObjectTypeOf).Distinct().Order(StringComparer.Ordinal));

    [Fact]
    public void The_pairing_is_the_manuals() =>
        Assert.Equal(
            [("FINDING_VIEWED", "finding"), ("FINDING_ACKNOWLEDGED", "finding"), ("REMEDIATION_OPENED", "remediation"),
             ("REMEDIATION_COMPLETED", "remediation"), ("REPORT_DOWNLOADED", "report"), ("DASHBOARD_VIEWED", "dashboard")],
            EventTypes.All.Select(t => (t, EventTypes.ObjectTypeOf(t))));

    [Fact]
    public void Values_are_spelled_as_stored_and_listed_once()
    {
        Assert.All(EventTypes.All, t => Assert.Equal(t.ToUpperInvariant(), t));
        Assert.All([.. ObjectTypes.All, .. Severities.All], v => Assert.Equal(v.ToLowerInvariant(), v));
        Assert.Equal(EventTypes.All.Count, EventTypes.All.Distinct().Count());
        Assert.Equal(ObjectTypes.All.Count, ObjectTypes.All.Distinct().Count());
        Assert.Equal(["critical", "high", "medium", "low"], Severities.All); // most severe first: per-severity lists use this order
    }

    [Theory]
    [InlineData("finding_viewed")]
    [InlineData("FINDING_DELETED")]
    [InlineData("")]
    public void Anything_else_is_unknown(string eventType)
    {
        Assert.False(EventTypes.IsKnown(eventType));
        Assert.Throws<ArgumentOutOfRangeException>(() => EventTypes.ObjectTypeOf(eventType));
    }
}
