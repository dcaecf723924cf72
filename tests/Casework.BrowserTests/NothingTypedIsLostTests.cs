using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// Nothing typed is lost (issue 15, ADR 31): a form's text is a draft in the tab's session storage as it is typed, back
/// after a reload in the same tab, dropped once sent or cancelled and at sign-out; a 409 keeps the text and says who
/// changed what.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class NothingTypedIsLostTests(ConsoleFixture app)
{
    private const string Drafts = "() => Object.keys(sessionStorage).filter(k => k.startsWith('casework.draft.'))";

    private static async Task<ILocator> OpenNoteAsync(IPage page)
    {
        await page.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Add note", Exact = true }).ClickAsync();
        return page.Locator("#action-add-note-text");
    }

    /// <summary>Types as a user does, key by key and without leaving the field, then waits until the tab has kept the draft.</summary>
    private static async Task TypeAsync(IPage page, ILocator field, string text)
    {
        await field.PressSequentiallyAsync(text);
        await page.WaitForFunctionAsync(
            "text => Object.keys(sessionStorage).some(k => k.startsWith('casework.draft.') && sessionStorage.getItem(k).includes(text))", text);
    }

    [Fact]
    public async Task A_note_typed_in_a_case_form_survives_a_reload_in_the_same_tab_and_is_gone_after_sign_out_R_ADR_31()
    {
        var id = await app.ReportConcernAsync("Seen alone at every break.");
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await TypeAsync(dsl, await OpenNoteAsync(dsl), "Her form tutor says she eats lunch in the library");

        await dsl.ReloadAsync();
        await Expect(dsl.GetByTestId("signed-in-as")).ToHaveTextAsync("Dana Lead");
        await Expect(await OpenNoteAsync(dsl)).ToHaveValueAsync("Her form tutor says she eats lunch in the library");
        Assert.Equal([$"casework.draft.case/{id}/add-note"], await dsl.EvaluateAsync<string[]>(Drafts));
        Assert.Equal(0, await dsl.EvaluateAsync<int>("() => localStorage.length"));
        await dsl.ShotAsync("drafts-01-note-back-after-reload");

        // Another tab is another session: the draft is not there.
        var otherTab = await dsl.Context.NewPageAsync();
        await otherTab.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await Expect(await OpenNoteAsync(otherTab)).ToHaveValueAsync("");

        await dsl.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(dsl.GetByLabel("Development user")).ToBeVisibleAsync();
        Assert.Equal(0, await dsl.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await Expect(await OpenNoteAsync(dsl)).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_half_written_report_survives_a_reload_in_the_same_tab_and_its_draft_is_dropped_once_sent_R_ADR_31()
    {
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher, "report/concern");
        await teacher.Locator("#report-category").SelectOptionAsync("cyberbullying");
        await TypeAsync(teacher, teacher.Locator("#report-account"), "She showed me messages telling her to leave");
        // The pupil chosen last, with nothing typed after it: a choice is kept as it is made.
        await teacher.PickAsync("report-pupils-0-pupilId", "Ami", "Amira Khan (Year 8)");
        await teacher.WaitForFunctionAsync("() => (sessionStorage.getItem('casework.draft.report/concern') ?? '').includes('Amira Khan')");

        await teacher.ReloadAsync();
        await Expect(teacher.Locator("#report-account")).ToHaveValueAsync("She showed me messages telling her to leave");
        await Expect(teacher.Locator("#report-category")).ToHaveValueAsync("cyberbullying");
        await Expect(teacher.GetByRole(AriaRole.Button, new() { Name = "Remove Amira Khan" })).ToBeVisibleAsync();
        Assert.Equal(["casework.draft.report/concern"], await teacher.EvaluateAsync<string[]>(Drafts));

        await teacher.Locator("#report-pupils-0-role").SelectOptionAsync("victim");
        await teacher.Locator("#report-occurredAt-now").ClickAsync();
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the report" }).ClickAsync();
        await Expect(teacher.GetByTestId("case-message")).ToContainTextAsync("Your report was sent");
        Assert.Empty(await teacher.EvaluateAsync<string[]>(Drafts));
    }

    [Fact]
    public async Task A_draft_is_dropped_once_its_form_is_sent_or_cancelled()
    {
        var id = await app.ReportConcernAsync("Asked to move seats away from a group.");
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await TypeAsync(dsl, await OpenNoteAsync(dsl), "Thought better of it");
        await dsl.GetByTestId("action-add-note").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.Empty(await dsl.EvaluateAsync<string[]>(Drafts));
        await Expect(await OpenNoteAsync(dsl)).ToHaveValueAsync("");

        await TypeAsync(dsl, dsl.Locator("#action-add-note-text"), "Seat moved; tutor watching");
        await dsl.GetByTestId("action-add-note").Locator("button[type=submit]").ClickAsync();
        await Expect(dsl.GetByTestId("case-message")).ToHaveTextAsync("Add note: done.");
        Assert.Empty(await dsl.EvaluateAsync<string[]>(Drafts));
        await dsl.ReloadAsync();
        await Expect(await OpenNoteAsync(dsl)).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_stale_tab_keeps_its_note_on_a_409_is_told_who_changed_what_and_sends_it_on_the_new_version()
    {
        var id = await app.ReportConcernAsync("Left the lesson in tears.");
        var stale = await app.NewPageAsync();
        await stale.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        var note = await OpenNoteAsync(stale);
        await note.FillAsync("Mum called: she is being left out of a group chat.");

        // Meanwhile the case is triaged elsewhere (the development school has one DSL: here, over the API).
        using (var other = await app.ApiClientAsync(ConsoleFixture.Dsl))
        {
            await other.ActOverApiAsync(id, "triage", 1, new { risk = "high", rationale = "Exclusion online and in school." });
        }
        await stale.GetByTestId("action-add-note").Locator("button[type=submit]").ClickAsync();

        var said = stale.GetByTestId("action-add-note").GetByTestId("form-error");
        await Expect(said).ToContainTextAsync("This case changed since you opened it: Dana Lead");
        await Expect(said).ToContainTextAsync("Triaged: high risk");
        await Expect(said).ToContainTextAsync("What you typed is kept");
        await Expect(stale.GetByTestId("error-summary")).ToBeFocusedAsync();
        await Expect(note).ToHaveValueAsync("Mum called: she is being left out of a group chat.");
        await Expect(stale.GetByTestId("timeline")).ToContainTextAsync("Triaged: high risk");
        await stale.ShotAsync("drafts-02-409-keeps-the-note");

        await stale.GetByTestId("action-add-note").Locator("button[type=submit]").ClickAsync();
        await Expect(stale.GetByTestId("case-message")).ToHaveTextAsync("Add note: done.");
        await Expect(stale.GetByTestId("timeline")).ToContainTextAsync("Mum called: she is being left out of a group chat.");
        Assert.Empty(await stale.EvaluateAsync<string[]>(Drafts));
    }
}
