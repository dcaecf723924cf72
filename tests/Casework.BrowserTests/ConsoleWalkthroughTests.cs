using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Casework.BrowserTests;

/// <summary>
/// The DSL console in a real browser against the real service: what a teacher, the DSL, the headteacher and the
/// chair of governors see and do. Screenshots of each step go to artifacts/screenshots.
/// </summary>
[Collection(ConsoleSuite.Name)]
public sealed class ConsoleWalkthroughTests(ConsoleFixture app)
{
    [Fact]
    public async Task A_teacher_reports_a_concern_and_the_DSL_triages_it_from_the_queue_and_refers_it_to_childrens_social_care()
    {
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher);
        await Expect(teacher.GetByText("Loading…")).ToHaveCountAsync(0);
        await teacher.ShotAsync("01-teacher-today");
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Report", Exact = true }).ClickAsync();
        await teacher.GetByRole(AriaRole.Link, new() { Name = "A concern about a pupil" }).ClickAsync();
        await teacher.PickAsync("report-pupils-0-pupilId", "Ami", "Amira Khan (Year 8)");
        await teacher.Locator("#report-pupils-0-role").SelectOptionAsync("victim");
        await teacher.Locator("#report-category").SelectOptionAsync("cyberbullying");
        await teacher.Locator("#report-account").FillAsync("Messages in a class group chat telling her to leave the school.");
        await teacher.Locator("#report-occurredAt-now").ClickAsync();
        await teacher.ShotAsync("02-teacher-reports-a-concern");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the report" }).ClickAsync();
        await Expect(teacher.GetByTestId("case-message")).ToContainTextAsync("Your report was sent");
        var id = teacher.CaseIdIn();

        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl);
        var inQueue = dsl.GetByTestId("dsl-queue").Locator($"a[href='cases/{id}']");
        await Expect(inQueue).ToBeVisibleAsync();
        await Expect(dsl.GetByTestId("dsl-queue")).ToContainTextAsync("Amira Khan");
        await dsl.ShotAsync("03-dsl-queue");
        await inQueue.ClickAsync();
        await Expect(dsl.GetByTestId("pupils")).ToHaveTextAsync("Amira Khan");
        await Expect(dsl.GetByTestId("deadlines")).ToContainTextAsync("working day");

        await dsl.ActAsync("triage", "Triage", ("risk", "high"), ("rationale", "Sustained group bullying; parents to be told today."));
        await Expect(dsl.GetByTestId("case-message")).ToHaveTextAsync("Triage: done.");
        await dsl.ShotAsync("04-dsl-triaged");
        await dsl.ActAsync("refer-to-social-care", "Refer to children's social care", ("summary", "Sustained bullying; concerns about home."), ("occurredAt", ConsoleSteps.Now), ("reference", "MASH-1"));
        await Expect(dsl.GetByTestId("case-message")).ToHaveTextAsync("Refer to children's social care: done.");
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Tom Teacher (staff)");
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Concern reported (cyberbullying) about Amira Khan (victim)");
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Triaged: high risk");
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Referred to children's social care (reference MASH-1): Sustained bullying; concerns about home.");
        await dsl.ShotAsync("05-dsl-referred-to-social-care");
    }

    [Fact]
    public async Task The_triage_form_is_generated_from_the_API_document_with_labels_required_fields_choices_and_examples()
    {
        var id = await app.ReportConcernAsync("A pupil was sent unkind messages.");
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await dsl.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Triage", Exact = true }).ClickAsync();
        var risk = dsl.GetByLabel("Risk");
        await Expect(risk).ToHaveAttributeAsync("required", "");
        await Expect(risk.Locator("option")).ToHaveTextAsync(["Choose…", "Low", "Medium", "High", "Immediate"]);
        await Expect(dsl.GetByLabel("Rationale")).ToHaveAttributeAsync("maxlength", "20000");
        await Expect(dsl.GetByLabel("Rationale")).ToHaveAttributeAsync("placeholder", "Repeated contact from an adult stranger; parents informed and pupil supported.");
    }

    [Fact]
    public async Task A_stale_tab_is_told_who_changed_the_case_and_what_keeps_its_form_and_shows_the_case_as_it_is_now()
    {
        var id = await app.ReportConcernAsync("Name-calling in the corridor.");
        var first = await app.NewPageAsync();
        var stale = await app.NewPageAsync();
        await first.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await stale.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await Expect(stale.GetByTestId("actions")).ToBeVisibleAsync();

        await first.ActAsync("triage", "Triage", ("risk", "low"), ("rationale", "One-off; spoken to both pupils."));
        await Expect(first.GetByTestId("case-message")).ToHaveTextAsync("Triage: done.");
        await stale.ActAsync("triage", "Triage", ("risk", "medium"), ("rationale", "Second look."));

        var said = stale.GetByTestId("action-triage").GetByTestId("form-error");
        await Expect(said).ToContainTextAsync("This case changed since you opened it: Dana Lead");
        await Expect(said).ToContainTextAsync("Triaged: low risk");
        await Expect(stale.Locator("#action-triage-rationale")).ToHaveValueAsync("Second look.");
        await Expect(stale.GetByTestId("timeline")).ToContainTextAsync("Triaged: low risk");
        await stale.ShotAsync("06-stale-tab-409");
    }

    [Fact]
    public async Task R1_a_rule_refusal_shows_the_rules_sentence_and_changes_nothing()
    {
        var id = await app.ReportConcernAsync("Told us she is afraid to go home.");
        using (var dslApi = await app.ApiClientAsync(ConsoleFixture.Dsl))
        {
            await dslApi.ActOverApiAsync(id, "triage", 1, new { risk = "high", rationale = "Fear of going home." });
            await dslApi.ActOverApiAsync(id, "refer-to-social-care", 2, new { summary = "Afraid to go home.", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        }
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        // The form offers only the agency referred to (R15), so the refusal shown is the API's own: a time in the future.
        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(1), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        await dsl.ActAsync("record-referral-acknowledgement", "Record referral acknowledgement",
            ("by", "childrens-social-care"), ("occurredAt", tomorrow.ToString("d/M/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture)));

        await Expect(dsl.GetByTestId("form-error")).ToHaveTextAsync("The time of the acknowledgement cannot be in the future. (R1)");
        await Expect(dsl.GetByTestId("error-summary")).ToBeFocusedAsync();
        await Expect(dsl.GetByTestId("timeline").Locator("li")).ToHaveCountAsync(3);
        await dsl.ShotAsync("13-rule-refusal-422");
    }

    [Fact]
    public async Task R8_the_head_sees_a_malicious_allegation_withheld_with_the_reason_and_without_whom_it_was_about()
    {
        var id = await app.ReportAllegationAsync("A parent says Tom shouted at her son in the corridor.", hoursAgo: 3);
        // The report records the allegation and its case manager (version 2).
        using (var headApi = await app.ApiClientAsync(ConsoleFixture.Headteacher))
        {
            await headApi.ActOverApiAsync(id, "assess-harm-threshold", 2, new { limbsMet = Array.Empty<string>(), rationale = "Witnesses say no voice was raised." });
            await headApi.ActOverApiAsync(id, "record-outcome", 3, new { outcome = "malicious", rationale = "The parent admitted inventing it." });
        }

        var head = await app.NewPageAsync();
        await head.SignInAsync(ConsoleFixture.Headteacher, $"cases/{id}");
        await Expect(head.GetByTestId("withheld")).ToContainTextAsync("withheld");
        await Expect(head.GetByTestId("status")).ToHaveTextAsync("Open");
        await Expect(head.Locator("main")).Not.ToContainTextAsync("Tom Teacher");
        await Expect(head.Locator("main")).Not.ToContainTextAsync("shouted");
        // Allegations are never triaged: no risk, and no "not yet triaged", in the header.
        await Expect(head.GetByTestId("case-header")).Not.ToContainTextAsync("triaged");
        await head.ShotAsync("15-head-sees-allegation-withheld-r8");
    }

    [Fact]
    public async Task A_teacher_sees_the_concern_they_reported_naming_whom_it_is_about_without_any_of_the_DSLs_buttons()
    {
        var id = await app.ReportConcernAsync("She said someone posted her photo.");
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher);
        // Their reports are told apart by whom they named, not only by kind and day.
        var row = await teacher.RowOfAsync("my-reports", id);
        await Expect(row).ToContainTextAsync("Amira Khan");
        await teacher.ShotAsync("07-teacher-today-reports-name-the-pupils");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(teacher.GetByText("You reported this case")).ToBeVisibleAsync();
        await Expect(teacher.GetByTestId("pupils")).ToHaveTextAsync("Amira Khan");
        await Expect(teacher.GetByTestId("timeline")).ToContainTextAsync("Concern reported");
        await Expect(teacher.GetByTestId("actions")).ToHaveCountAsync(0);
        await Expect(teacher.GetByRole(AriaRole.Button, new() { Name = "Triage", Exact = true })).ToHaveCountAsync(0);
        // Sharing is for those who see the case in full: a reporter is not offered an export the service would refuse.
        await Expect(teacher.GetByRole(AriaRole.Heading, new() { Name = "Export the timeline" })).ToHaveCountAsync(0);
        await Expect(teacher.GetByRole(AriaRole.Button, new() { Name = "Export as PDF" })).ToHaveCountAsync(0);
        await teacher.ShotAsync("07-teacher-sees-own-report-without-export");
    }

    [Fact]
    public async Task R4_an_allegation_about_the_headteacher_goes_to_the_chair_and_is_invisible_to_the_head()
    {
        var teacher = await app.NewPageAsync();
        await teacher.SignInAsync(ConsoleFixture.Teacher, "report/allegation");
        await teacher.PickAsync("report-subjectId", "Hari", "Hari Head");
        await teacher.Locator("#report-account").FillAsync("A pupil says the headteacher messaged her late at night and asked her to keep it secret.");
        await teacher.Locator("#report-occurredAt-now").ClickAsync();
        await teacher.ShotAsync("08-teacher-reports-allegation-about-head");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the report" }).ClickAsync();
        await Expect(teacher.GetByTestId("case-message")).ToContainTextAsync("Your report was sent");
        var id = teacher.CaseIdIn();

        var head = await app.NewPageAsync();
        await head.SignInAsync(ConsoleFixture.Headteacher, $"cases/{id}");
        await Expect(head.GetByTestId("cannot-see")).ToHaveTextAsync("You cannot see this case, or there is no such case.");
        await head.ShotAsync("09-head-cannot-see-allegation");
        await head.GetByRole(AriaRole.Link, new() { Name = "Today" }).ClickAsync();
        await Expect(head.GetByTestId("overdue").Or(head.GetByText("No deadline has been missed."))).ToBeVisibleAsync();
        await Expect(head.Locator($"a[href='cases/{id}']")).ToHaveCountAsync(0);

        var chair = await app.NewPageAsync();
        await chair.SignInAsync(ConsoleFixture.Chair);
        await chair.GetByTestId("open-cases").Locator($"a[href='cases/{id}']").ClickAsync();
        await Expect(chair.Locator("dl.facts")).ToContainTextAsync("Hari Head");
        await Expect(chair.Locator("dl.facts")).ToContainTextAsync("the chair of governors");
    }

    [Fact]
    public async Task The_as_at_view_shows_the_case_as_the_school_knew_it_before_it_was_triaged()
    {
        var id = await app.ReportConcernAsync("Pupil upset after an online game chat.");
        // The as-at picker counts whole seconds: the triage is recorded in a later second than the instant asked about.
        var before = DateTimeOffset.UtcNow;
        var asked = before.AddTicks(TimeSpan.TicksPerSecond - before.Ticks % TimeSpan.TicksPerSecond);
        while (DateTimeOffset.UtcNow <= asked.AddMilliseconds(50))
        {
            await Task.Yield();
        }
        using (var dslApi = await app.ApiClientAsync(ConsoleFixture.Dsl))
        {
            await dslApi.ActOverApiAsync(id, "triage", 1, new { risk = "medium", rationale = "Spoke to the pupil; parents told." });
        }

        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Triaged: medium risk");
        var london = TimeZoneInfo.ConvertTime(asked, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        await dsl.GetByLabel("Show the case as the school knew it on").FillAsync(london.ToString("yyyy-MM-ddTHH:mm:ss"));
        await dsl.GetByRole(AriaRole.Button, new() { Name = "Show as at" }).ClickAsync();

        await Expect(dsl.GetByTestId("as-at")).ToBeVisibleAsync();
        await Expect(dsl.GetByTestId("timeline").Locator("li")).ToHaveCountAsync(1);
        await Expect(dsl.GetByTestId("timeline")).Not.ToContainTextAsync("Triaged");
        await Expect(dsl.GetByTestId("actions")).ToHaveCountAsync(0);
        await dsl.ShotAsync("10-as-at-before-triage");
    }

    [Fact]
    public async Task The_DSL_exports_the_timeline_as_CSV_saying_to_whom_and_why_and_the_export_is_recorded_on_the_case()
    {
        var id = await app.ReportConcernAsync("Graffiti naming a pupil.");
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await dsl.GetByRole(AriaRole.Button, new() { Name = "Export as CSV" }).ClickAsync();
        // What is missing is said as on every form: a summary that takes the focus, and beside each field.
        var missing = dsl.GetByTestId("export-error");
        await Expect(missing).ToBeFocusedAsync();
        await Expect(missing.Locator("li")).ToHaveTextAsync(["Shared with: say with whom it is shared.", "Why: say why it is shared."]);
        await Expect(dsl.Locator("#shared-with")).ToHaveAttributeAsync("aria-invalid", "true");

        await dsl.GetByLabel("Shared with").FillAsync("Children's social care");
        await dsl.GetByRole(AriaRole.Button, new() { Name = "Export as CSV" }).ClickAsync();
        await Expect(missing.Locator("li")).ToHaveTextAsync(["Why: say why it is shared."]);
        await dsl.GetByLabel("Why").FillAsync("Supporting the referral.");
        var download = await dsl.RunAndWaitForDownloadAsync(() => dsl.GetByRole(AriaRole.Button, new() { Name = "Export as CSV" }).ClickAsync());
        Assert.Equal($"case-{id}-timeline.csv", download.SuggestedFilename);
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Timeline shared with Children's social care as CSV");
        await dsl.ShotAsync("12-timeline-exported-as-csv");
    }

    [Fact]
    public async Task No_case_content_is_left_in_the_address_or_the_browsers_storage_only_the_tabs_session_and_its_drafts_R_ADR_31()
    {
        var id = await app.ReportConcernAsync("Private words the URL must not hold.");
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Private words the URL must not hold.");
        Assert.Equal(0, await dsl.EvaluateAsync<int>("() => localStorage.length"));
        Assert.Equal(["casework.session"], await dsl.EvaluateAsync<string[]>("() => Object.keys(sessionStorage)"));
        var kept = await dsl.EvaluateAsync<string>("() => JSON.stringify(sessionStorage)");
        Assert.DoesNotContain("Private", kept, StringComparison.Ordinal);
        Assert.DoesNotContain("Amira", kept, StringComparison.Ordinal);
        Assert.DoesNotContain("Private", dsl.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("Amira", dsl.Url, StringComparison.Ordinal);

        // What the user types is kept as a draft in the tab's session storage, and nowhere else: not in local storage,
        // not beside the session, not in the address; the case's own content is still not kept.
        await dsl.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Add note", Exact = true }).ClickAsync();
        await dsl.Locator("#action-add-note-text").PressSequentiallyAsync("Typed words");
        var draft = $"casework.draft.case/{id}/add-note";
        await dsl.WaitForFunctionAsync("key => (sessionStorage.getItem(key) ?? '').includes('Typed words')", draft);
        Assert.Equal(0, await dsl.EvaluateAsync<int>("() => localStorage.length"));
        Assert.Equal(new[] { "casework.session", draft }.Order(), (await dsl.EvaluateAsync<string[]>("() => Object.keys(sessionStorage)")).Order());
        Assert.DoesNotContain("Typed", await dsl.EvaluateAsync<string>("() => sessionStorage.getItem('casework.session')"), StringComparison.Ordinal);
        kept = await dsl.EvaluateAsync<string>("() => JSON.stringify(sessionStorage)");
        Assert.DoesNotContain("Private", kept, StringComparison.Ordinal);
        Assert.DoesNotContain("Amira", kept, StringComparison.Ordinal);
        Assert.DoesNotContain("Typed", dsl.Url, StringComparison.Ordinal);

        await dsl.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(dsl.GetByLabel("Development user")).ToBeVisibleAsync();
        Assert.Equal(0, await dsl.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));
    }

    [Fact]
    public async Task A_reload_stays_signed_in_in_the_same_tab_but_not_in_another_and_signing_out_forgets_the_session_R_ADR_31()
    {
        var id = await app.ReportConcernAsync("Seen upset at lunch.");
        var dsl = await app.NewPageAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl, $"cases/{id}");
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Seen upset at lunch.");

        await dsl.ReloadAsync();
        await Expect(dsl.GetByTestId("signed-in-as")).ToHaveTextAsync("Dana Lead");
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Seen upset at lunch.");

        // Another tab of the same browser is another session: it must sign in itself.
        var otherTab = await dsl.Context.NewPageAsync();
        await otherTab.GotoAsync("console/");
        await Expect(otherTab.GetByLabel("Development user")).ToBeVisibleAsync();
        await Expect(otherTab.GetByTestId("signed-in-as")).ToHaveCountAsync(0);

        await dsl.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(dsl.GetByLabel("Development user")).ToBeVisibleAsync();
        Assert.Equal(0, await dsl.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));
        await dsl.ReloadAsync();
        await Expect(dsl.GetByLabel("Development user")).ToBeVisibleAsync();
        await Expect(dsl.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_tab_left_idle_past_the_limit_signs_out_and_forgets_the_session_R_ADR_31()
    {
        var dsl = await app.NewPageAsync();
        await dsl.Clock.InstallAsync();
        await dsl.SignInAsync(ConsoleFixture.Dsl);
        await dsl.Clock.FastForwardAsync("10:00");
        await Expect(dsl.GetByTestId("signed-in-as")).ToHaveTextAsync("Dana Lead");

        await dsl.Clock.FastForwardAsync("06:00");
        await Expect(dsl.GetByLabel("Development user")).ToBeVisibleAsync();
        Assert.Equal(0, await dsl.EvaluateAsync<int>("() => sessionStorage.length"));
    }

    [Fact]
    public async Task A_DSL_signs_in_triages_and_refers_a_concern_by_keyboard_alone_at_200_percent_zoom_with_the_focus_on_what_changed_each_step()
    {
        var id = await app.ReportConcernAsync("Seen crying after a message on her phone.");
        var dsl = await app.NewPageAsync(zoom: 2);
        await dsl.GotoAsync($"console/cases/{id}");
        await dsl.GetByLabel("Development user").WaitForAsync();

        // Each screen puts the focus on its heading, so the next Tab reaches its first control.
        await Expect(dsl.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Casework" })).ToBeFocusedAsync();
        await dsl.Keyboard.PressAsync("Tab");
        await Expect(dsl.GetByLabel("Development user")).ToBeFocusedAsync();
        await dsl.Keyboard.TypeAsync("Dana");
        await dsl.Keyboard.PressAsync("Tab");
        await Expect(dsl.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeFocusedAsync();
        await dsl.Keyboard.PressAsync("Enter");
        await Expect(dsl.GetByTestId("signed-in-as")).ToHaveTextAsync("Dana Lead");
        // Signed in, the case the address named is shown: the focus is on its heading once it is read, not on the page's body.
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Seen crying after a message on her phone.");
        await Expect(dsl.GetByRole(AriaRole.Heading, new() { Name = "Concern: cyberbullying", Level = 1 })).ToBeFocusedAsync();
        // WCAG 2.4.2: the page is titled for the case, by what it is and never by whom it names (titles stay in the history).
        await Expect(dsl).ToHaveTitleAsync("Concern: cyberbullying – Casework");
        await dsl.ShotAsync("11-case-at-200-percent");
        await dsl.NoSidewaysScrollingAsync("the case at 200 %");

        // Triage, the next step: its button opens the form with the focus on the form's first field.
        var triage = dsl.GetByTestId("action-triage");
        await dsl.TabToAsync(dsl.GetByTestId("next-steps").GetByRole(AriaRole.Button, new() { Name = "Triage", Exact = true }));
        await dsl.Keyboard.PressAsync("Enter");
        await Expect(triage.GetByLabel("Risk")).ToBeFocusedAsync();
        await dsl.NoSidewaysScrollingAsync("the triage form at 200 %");
        // Low, medium, high: the arrow keys choose in a closed list.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await dsl.Keyboard.PressAsync("ArrowDown");
        }
        await Expect(triage.GetByLabel("Risk")).ToHaveValueAsync("high");

        // Sent without the rationale R3 requires: the error summary takes the focus, and its link takes it to the field.
        await dsl.TabToAsync(triage.GetByRole(AriaRole.Button, new() { Name = "Triage", Exact = true }));
        await dsl.Keyboard.PressAsync("Enter");
        var summary = triage.GetByTestId("error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary).ToContainTextAsync("Rationale (why you decided this): Enter your rationale.");
        await dsl.Keyboard.PressAsync("Tab");
        await Expect(summary.GetByRole(AriaRole.Link, new() { Name = "Rationale (why you decided this): Enter your rationale." })).ToBeFocusedAsync();
        await dsl.Keyboard.PressAsync("Enter");
        await Expect(triage.GetByLabel("Rationale")).ToBeFocusedAsync();
        await dsl.Keyboard.TypeAsync("Sustained group bullying; parents to be told today.");
        await dsl.ShotAsync("16-triage-by-keyboard-at-200-percent");
        await dsl.TabToAsync(triage.GetByRole(AriaRole.Button, new() { Name = "Triage", Exact = true }));
        await dsl.Keyboard.PressAsync("Enter");

        // Done: the form is gone, and the focus is on what the service answered.
        var said = dsl.GetByTestId("case-message");
        await Expect(said).ToHaveTextAsync("Triage: done.");
        await Expect(said).ToBeFocusedAsync();
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Triaged: high risk");
        await dsl.NoSidewaysScrollingAsync("the triaged case at 200 %");

        // The referral to children's social care, from the other actions, opened with the space bar.
        var referral = dsl.GetByTestId("action-refer-to-social-care");
        await dsl.TabToAsync(dsl.GetByTestId("other-actions").GetByRole(AriaRole.Button, new() { Name = "Refer to children's social care", Exact = true }));
        await dsl.Keyboard.PressAsync(" ");
        await Expect(referral.GetByLabel("What you told them")).ToBeFocusedAsync();
        await dsl.Keyboard.TypeAsync("Sustained bullying; concerns about home.");
        // A time tomorrow: the service refuses a referral made in the future (R1), and its refusal takes the focus.
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(1), london).ToString("d/M/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await dsl.TabToAsync(referral.GetByLabel("When the referral was made"));
        await dsl.Keyboard.TypeAsync(tomorrow);
        await dsl.TabToAsync(referral.GetByLabel("Reference"));
        await dsl.Keyboard.TypeAsync("MASH-1");
        await dsl.NoSidewaysScrollingAsync("the referral form at 200 %");
        await dsl.TabToAsync(referral.GetByRole(AriaRole.Button, new() { Name = "Refer to children's social care", Exact = true }));
        await dsl.Keyboard.PressAsync("Enter");
        var refused = referral.GetByTestId("error-summary");
        await Expect(refused).ToBeFocusedAsync();
        await Expect(refused).ToContainTextAsync("cannot be in the future");
        // The service's refusal names the field by the form's own label, never by the API's name for it.
        await Expect(refused).ToContainTextAsync("When the referral was made:");
        await Expect(refused).Not.ToContainTextAsync("Occurred at");
        await dsl.ShotAsync("17-referral-refused-by-keyboard-at-200-percent");

        // Back to the time with the keyboard, an hour ago, and sent again.
        var anHourAgo = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddHours(-1), london).ToString("d/M/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await dsl.TabToAsync(referral.GetByLabel("When the referral was made"));
        await dsl.Keyboard.PressAsync("Control+A");
        await dsl.Keyboard.TypeAsync(anHourAgo);
        await dsl.TabToAsync(referral.GetByRole(AriaRole.Button, new() { Name = "Refer to children's social care", Exact = true }));
        await dsl.Keyboard.PressAsync("Enter");
        await Expect(said).ToHaveTextAsync("Refer to children's social care: done.");
        await Expect(said).ToBeFocusedAsync();
        await Expect(dsl.GetByTestId("timeline")).ToContainTextAsync("Referred to children's social care (reference MASH-1): Sustained bullying; concerns about home.");
        await dsl.NoSidewaysScrollingAsync("the referred case at 200 %");
        await dsl.ShotAsync("18-referred-by-keyboard-at-200-percent");
    }

    [Fact]
    public async Task The_admin_adds_a_pupil_to_the_directory_with_the_form_generated_from_the_API_document()
    {
        var admin = await app.NewPageAsync();
        await admin.SignInAsync(ConsoleFixture.Admin, "directory");
        await Expect(admin.GetByTestId("pupils")).ToContainTextAsync("Amira Khan – Year 8");
        var pupils = admin.Locator("section", new() { Has = admin.GetByRole(AriaRole.Heading, new() { Name = "Pupils", Exact = true }) });
        await pupils.GetByRole(AriaRole.Button, new() { Name = "Add one" }).ClickAsync();
        // The form that opened takes the focus, on its first field.
        await Expect(admin.GetByLabel("Name")).ToBeFocusedAsync();

        await admin.GetByLabel("Name").FillAsync("Zara Newcomer");
        await admin.GetByLabel("Date of birth").FillAsync("2014-02-03");
        await admin.GetByLabel("Year group").FillAsync("7");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(admin.GetByTestId("directory-message")).ToHaveTextAsync("Saved Zara Newcomer.");
        await Expect(admin.GetByTestId("directory-message")).ToBeFocusedAsync();
        await Expect(admin.GetByTestId("pupils")).ToContainTextAsync("Zara Newcomer – Year 7");
        await admin.ShotAsync("14-admin-directory");
    }
}
