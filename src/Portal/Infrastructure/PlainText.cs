using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Infrastructure;

/// <summary>
/// Text people type must be text: no control characters (other than tab and line breaks), no bidirectional
/// overrides or isolates (they make a name read differently from what is stored: "Trojan source"), no lone surrogate
/// halves. One rule for every command, applied by decorating each registered <see cref="IValidator{T}"/>, so that a new
/// command cannot forget it, and the same for pages and the API.
/// </summary>
public static class PlainText
{
    public const string ErrorCode = "PlainText";

    public static bool IsClean(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\t' or '\n' or '\r') continue;
            if (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') return false;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return false;
        }
        return true;
    }

    /// The paths (as FluentValidation names them: <c>Items[2].Description</c>) of every string in a command that is not clean.
    public static IEnumerable<string> UncleanPaths(object? command) => Walk(command, "", depth: 0);

    /// Wraps every registered validator so that its commands are checked for <see cref="IsClean"/> text as well.
    public static IServiceCollection AddPlainTextValidation(this IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor is not { ServiceType.IsGenericType: true, IsKeyedService: false, ImplementationType: { } implementation }
                || descriptor.ServiceType.GetGenericTypeDefinition() != typeof(IValidator<>)) continue;
            var decorator = typeof(PlainTextValidator<>).MakeGenericType(descriptor.ServiceType.GetGenericArguments()[0]);
            services[i] = ServiceDescriptor.Describe(descriptor.ServiceType,
                sp => Activator.CreateInstance(decorator, ActivatorUtilities.CreateInstance(sp, implementation),
                    sp.GetRequiredService<IStringLocalizer<SharedResource>>())!,
                descriptor.Lifetime);
        }
        return services;
    }

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    private static IEnumerable<string> Walk(object? value, string path, int depth)
    {
        switch (value)
        {
            case null:
                yield break;
            case string text:
                if (!IsClean(text)) yield return path;
                yield break;
            case Array array when array.GetType().GetElementType() is { IsPrimitive: true }:
                yield break; // file contents and numbers: nothing typed
            case IEnumerable items when depth < 8:
                var index = 0;
                foreach (var item in items)
                {
                    foreach (var found in Walk(item, $"{path}[{index}]", depth + 1)) yield return found;
                    index++;
                }
                yield break;
        }
        var type = value.GetType();
        if (depth >= 8 || type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("Hidamari", StringComparison.Ordinal) != true) yield break;
        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray()))
            foreach (var found in Walk(property.GetValue(value), path.Length == 0 ? property.Name : $"{path}.{property.Name}", depth + 1))
                yield return found;
    }
}

/// A feature's validator plus the <see cref="PlainText"/> rule.
public sealed class PlainTextValidator<T> : AbstractValidator<T>
{
    public PlainTextValidator(IValidator<T> inner, IStringLocalizer<SharedResource> text)
    {
        Include(inner);
        RuleFor(command => command).Custom((command, context) =>
        {
            foreach (var path in PlainText.UncleanPaths(command))
                context.AddFailure(new ValidationFailure(path, text["Validation.PlainText"]) { ErrorCode = PlainText.ErrorCode });
        });
    }
}
