using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.JSInterop;

namespace Casework.WebConsole;

/// <summary>
/// What a user has typed in a form and not yet sent, kept in the tab's session storage only (ADR 31), by form
/// (<c>report/concern</c>, <c>case/{id}/add-note</c>): it comes back when the same form is opened after a reload in
/// the same tab, is dropped once the form is sent or cancelled, expires with the idle limit, and goes at sign-out
/// with everything else the tab kept.
/// </summary>
public sealed class Drafts(IJSRuntime js, IConfiguration configuration)
{
    private readonly IJSInProcessRuntime _js = (IJSInProcessRuntime)js;
    private readonly TimeSpan _idle = TimeSpan.FromMinutes(configuration.GetValue("SignIn:IdleMinutes", 15));

    private sealed record Draft(DateTimeOffset ChangedAt, string Form, FormValues Values);

    /// <summary>The draft of this form, if one was kept within the idle limit for the same fields.</summary>
    public FormValues? Restore(string key, IReadOnlyList<FieldSpec> fields)
    {
        var kept = _js.Invoke<string?>("caseworkSession.draft", key);
        var draft = kept is null ? null : JsonSerializer.Deserialize<Draft>(kept, Api.Json);
        // A draft of a form whose fields have since changed would not fit it: it is dropped, not half-shown.
        if (draft is null || DateTimeOffset.UtcNow - draft.ChangedAt > _idle || draft.Form != Shape(fields))
        {
            Drop(key);
            return null;
        }
        return draft.Values;
    }

    /// <summary>Keeps the values as the form's draft, with the time they last changed.</summary>
    public void Keep(string key, IReadOnlyList<FieldSpec> fields, FormValues values) =>
        _js.InvokeVoid("caseworkSession.keepDraft", key, JsonSerializer.Serialize(new Draft(DateTimeOffset.UtcNow, Shape(fields), values), Api.Json));

    public void Drop(string key) => _js.InvokeVoid("caseworkSession.dropDraft", key);

    /// <summary>The values as kept: to tell whether anything changed since they were last kept.</summary>
    public static string Json(FormValues values) => JsonSerializer.Serialize(values, Api.Json);

    private static string Shape(IEnumerable<FieldSpec> fields) =>
        string.Join(",", fields.Select(f => $"{f.Name}:{f.Input}" + (f.Fields.Count > 0 ? $"({Shape(f.Fields)})" : "")));
}
