using Microsoft.AspNetCore.Http.HttpResults;

namespace VectorVue.TelemetryApi.Callers;

/// <summary>A step of a request (the caller, the body…) either yields a value or the problem to answer with.</summary>
internal readonly record struct Outcome<T>(T? Value, ProblemHttpResult? Problem)
{
    public bool Failed => Problem is not null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(ProblemHttpResult problem) => new(default, problem);
}
