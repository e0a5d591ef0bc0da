namespace VectorVue.Contracts;

/// <summary>One column of a stored event, as the SQL that reads and writes events names it.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Type">
/// The PostgreSQL type its values travel as (in staging tables, arrays and COPY); the tables may store them narrower
/// (<c>event_type</c> is <c>varchar(32)</c>).
/// </param>
/// <param name="IsNullable">Whether a stored event may leave it null.</param>
/// <param name="IsKeyword">Whether the name is an SQL keyword (<c>timestamp</c>), so SQL must quote it.</param>
public sealed record EventColumn(string Name, string Type, bool IsNullable, bool IsKeyword = false)
{
    /// <summary>The name as SQL writes it.</summary>
    public string Sql => IsKeyword ? $"\"{Name}\"" : Name;
}
