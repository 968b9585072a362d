using System.Text.Json;
using FluentValidation.Results;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Grants;

/// <summary>
/// How the grants commands (applications, cases, equipment lists) turn a validator's failures into field errors: grants
/// validators name a message key ("Grants.…"), localized here; the shared <see cref="PlainText"/> rule's message is
/// localized already; anything else says the value is invalid. Fields are named by their top-level member.
/// </summary>
public static class GrantValidation
{
    public static IReadOnlyDictionary<string, string[]>? ErrorsOf(ValidationResult result, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(text);
        if (result.IsValid) return null;
        return result.Errors
            .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName.Split('[', '.')[0] is { Length: > 0 } p ? p : "command"))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorCode == PlainText.ErrorCode ? e.ErrorMessage
                : text[e.ErrorMessage.StartsWith("Grants.", StringComparison.Ordinal) ? e.ErrorMessage : "Grants.Error.Invalid"].Value).Distinct().ToArray());
    }
}
