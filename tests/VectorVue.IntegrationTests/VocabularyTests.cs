using System.Text.RegularExpressions;
using Npgsql;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The migrated database and the contract's vocabulary agree: every CHECK constraint on an event type, object type
/// or severity column allows exactly the values of <see cref="EventTypes"/>, <see cref="ObjectTypes"/> and
/// <see cref="Severities"/>. A vocabulary changed without a migration (or a migration without the vocabulary) fails here.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed partial class VocabularyTests(VectorVueAppFixture fixture)
{
    private static readonly Dictionary<string, IReadOnlyList<string>> VocabularyOf = new()
    {
        [EventColumns.EventType.Name] = EventTypes.All,
        [EventColumns.ObjectType.Name] = ObjectTypes.All,
        [EventColumns.Severity.Name] = Severities.All,
    };

    [Fact]
    public async Task The_check_constraints_allow_exactly_the_vocabulary()
    {
        var checks = await ReadChecksAsync();

        Assert.Equal(
            [EventColumns.EventType.Name, EventColumns.ObjectType.Name, EventColumns.Severity.Name],
            checks.Where(c => c.Table == "client_activity_events").Select(c => c.Column).Order(StringComparer.Ordinal));
        foreach (var (table, column, definition) in checks)
        {
            var allowed = QuotedLiteral().Matches(definition).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal));
            Assert.True(
                VocabularyOf[column].Order(StringComparer.Ordinal).SequenceEqual(allowed.Order(StringComparer.Ordinal)),
                $"{table}.{column}: the database allows {definition}, the vocabulary is {string.Join(", ", VocabularyOf[column])}");
        }
    }

    /// <summary>Every single-column CHECK constraint on a vocabulary column, in any table, as PostgreSQL states it.</summary>
    private async Task<List<(string Table, string Column, string Definition)>> ReadChecksAsync()
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT c.conrelid::regclass::text, a.attname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'c' AND cardinality(c.conkey) = 1 AND a.attname = ANY ($1)
            ORDER BY 1, 2
            """, connection)
        {
            Parameters = { new NpgsqlParameter<string[]> { TypedValue = [.. VocabularyOf.Keys] } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var checks = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            checks.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return checks;
    }

    [GeneratedRegex("'((?:[^']|'')*)'")]
    private static partial Regex QuotedLiteral();
}
