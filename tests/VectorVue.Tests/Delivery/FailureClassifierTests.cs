using Npgsql;
using StackExchange.Redis;
using VectorVue.Worker.DeadLetters;
using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

public sealed class FailureClassifierTests
{
    [Theory]
    [InlineData("23503", true)] // foreign_key_violation
    [InlineData("23514", true)] // check_violation
    [InlineData("22P05", true)] // untranslatable_character
    [InlineData("22021", true)] // character_not_in_repertoire
    [InlineData("54000", true)] // program_limit_exceeded
    [InlineData("57P01", false)] // admin_shutdown: the server went away
    [InlineData("08006", false)] // connection_failure
    [InlineData("53300", false)] // too_many_connections
    [InlineData("40001", false)] // serialization_failure
    public void Only_failures_about_the_data_isolate_entries(string sqlState, bool aboutTheData) =>
        Assert.Equal(aboutTheData, FailureClassifier.IsAboutTheData(new PostgresException("refused", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void Connection_failures_are_never_about_the_data()
    {
        Assert.False(FailureClassifier.IsAboutTheData(new NpgsqlException("connection refused")));
        Assert.False(FailureClassifier.IsAboutTheData(new TimeoutException()));
    }

    [Fact]
    public void A_dead_letter_payload_round_trips_the_entry_fields()
    {
        NameValueEntry[] fields = [new("event", """{"id":"x","note":"a \"quoted\" ü"}"""), new("traceparent", "00-abc-def-01")];

        var back = EntryPayload.FromJson(EntryPayload.ToJson(fields));

        Assert.Equal(fields.Select(f => ((string)f.Name!, (string?)f.Value)), back.Select(f => ((string)f.Name!, (string?)f.Value)));
    }
}
