using System.Text.Json;

namespace Hidamari.Portal.Infrastructure;

public enum CommandOutcome { Ok, Invalid, NotFound, Conflict }

/// <summary>
/// What a command did, in terms both the API (problem+json) and the pages (messages beside the form) can show.
/// Error messages are already localized to the request's UI culture.
/// </summary>
public sealed record CommandResult<T>(CommandOutcome Outcome, T? Value, IReadOnlyDictionary<string, string[]> Errors, string? Message)
{
    private static readonly IReadOnlyDictionary<string, string[]> None = new Dictionary<string, string[]>();

    public bool Succeeded => Outcome == CommandOutcome.Ok;

    public static CommandResult<T> Ok(T value) => new(CommandOutcome.Ok, value, None, null);

    public static CommandResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(CommandOutcome.Invalid, default, errors, string.Join(" ", errors.Values.SelectMany(v => v)));

    public static CommandResult<T> NotFound(string message) => new(CommandOutcome.NotFound, default, None, message);

    public static CommandResult<T> Conflict(string message) => new(CommandOutcome.Conflict, default, None, message);

    /// The API's answer for this outcome.
    public IResult ToHttpResult(Func<T, IResult> onOk) => Outcome switch
    {
        CommandOutcome.Ok => onOk(Value!),
        CommandOutcome.Invalid => TypedResults.ValidationProblem(
            Errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value), title: Message),
        CommandOutcome.NotFound => TypedResults.Problem(Message, statusCode: StatusCodes.Status404NotFound),
        _ => TypedResults.Problem(Message, statusCode: StatusCodes.Status409Conflict),
    };
}

public static class CreatedResults
{
    /// 201 for a command that created a resource under the request's own path (<c>POST …/leases</c> → <c>…/leases/{id}</c>),
    /// with <c>{ "id": … }</c> as the body; any other outcome as <see cref="CommandResult{T}.ToHttpResult"/> answers it.
    public static IResult ToCreatedHere(this CommandResult<Guid> result, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(http);
        return result.ToHttpResult(id => TypedResults.Created($"{http.Request.PathBase}{http.Request.Path}/{id}", new { id }));
    }
}
