using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Casework.BrowserTests;

/// <summary>What a user does in the console, in the words of the screens: each step waits for what it expects, never for a time.</summary>
public static class ConsoleSteps
{
    /// <summary>An action taken over the API, as another tab or user would, at <paramref name="version"/>; expects 200.</summary>
    public static async Task ActOverApiAsync(this HttpClient client, Guid id, string action, long version, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/cases/{id}/{action}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new($"\"{version}\""));
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Opens the console at <paramref name="path"/> (under /console/) and signs in as a development user.</summary>
    public static async Task SignInAsync(this IPage page, Guid user, string path = "")
    {
        await page.GotoAsync("console/" + path);
        await page.GetByLabel("Development user").SelectOptionAsync(user.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByTestId("signed-in-as").WaitForAsync();
    }

    public static Task ShotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Screenshots, name + ".png"), FullPage = true });

    /// <summary>Chooses a person by typing part of their name into the picker labelled <paramref name="label"/>.</summary>
    public static async Task PickAsync(this IPage page, string fieldId, string part, string described)
    {
        await page.Locator($"#{fieldId}").FillAsync(part);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Choose {described}" }).ClickAsync();
    }

    /// <summary>The value that has <see cref="ActAsync"/> press a date-time's "Now" instead of typing a time.</summary>
    public const string Now = "(now)";

    /// <summary>
    /// The clicks a mouse user makes, counted as they are made: a click into each field typed, and two to choose from a
    /// closed list (one opens it, one chooses).
    /// </summary>
    public sealed class Clicks
    {
        public int Count { get; private set; }

        public Task Click(ILocator target)
        {
            Count++;
            return target.ClickAsync();
        }

        public Task Type(ILocator field, string text)
        {
            Count++;
            return field.FillAsync(text);
        }

        public Task Choose(ILocator list, string value)
        {
            Count += 2;
            return list.SelectOptionAsync(value);
        }
    }

    /// <summary>
    /// Opens the form of a case action by its button and submits it with the values given (by field name; a date-time
    /// given as <see cref="Now"/> is set by its "Now" button, as a user records what was just done).
    /// </summary>
    public static Task ActAsync(this IPage page, string action, string button, params (string Field, string Value)[] values) =>
        page.ActAsync(new Clicks(), action, button, values);

    /// <summary>As <see cref="ActAsync(IPage, string, string, ValueTuple{string, string}[])"/>, counting each click in <paramref name="clicks"/>.</summary>
    public static async Task ActAsync(this IPage page, Clicks clicks, string action, string button, params (string Field, string Value)[] values)
    {
        await clicks.Click(page.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = button, Exact = true }));
        var form = page.GetByTestId($"action-{action}");
        foreach (var (field, value) in values)
        {
            var input = form.Locator($"#action-{action}-{field}");
            if (value == Now)
            {
                await clicks.Click(form.Locator($"#action-{action}-{field}-now"));
            }
            else if (await input.EvaluateAsync<string>("e => e.tagName") == "SELECT")
            {
                await clicks.Choose(input, value);
            }
            else
            {
                await clicks.Type(input, value);
            }
        }
        await clicks.Click(form.Locator("button[type=submit]"));
    }

    /// <summary>What has the keyboard focus, as a failing assertion says it: its tag, id and the start of its text.</summary>
    public static Task<string> FocusedAsync(this IPage page) => page.EvaluateAsync<string>(
        "() => { const e = document.activeElement; return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} \"${(e.innerText || e.value || '').trim().slice(0, 80)}\"`; }");

    /// <summary>
    /// Presses <paramref name="key"/> (Tab, or Shift+Tab to go back) as a keyboard user does, until <paramref name="target"/>
    /// has the focus: the console is never asked to focus it. Fails after 60 presses.
    /// </summary>
    public static async Task TabToAsync(this IPage page, ILocator target, string key = "Tab")
    {
        for (var presses = 0; presses < 60; presses++)
        {
            await page.Keyboard.PressAsync(key);
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
        }
        Assert.Fail($"{key} never reached {target}; the focus is on {await page.FocusedAsync()}");
    }

    /// <summary>WCAG 1.4.10 (reflow): nothing on the page makes it scroll sideways.</summary>
    public static async Task NoSidewaysScrollingAsync(this IPage page, string what) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{what} scrolls sideways");

    /// <summary>
    /// The row of <paramref name="caseId"/> in the list <paramref name="testId"/>, reading on with "Show more" as a user
    /// would until it is shown: the suite's shared school holds more than a page of most lists.
    /// </summary>
    public static async Task<ILocator> RowOfAsync(this IPage page, string testId, Guid caseId)
    {
        var list = page.GetByTestId(testId);
        await Microsoft.Playwright.Assertions.Expect(list).ToBeVisibleAsync();
        var row = list.Locator("tr", new() { Has = page.Locator($"a[href='cases/{caseId}']") });
        var rows = list.Locator("tbody tr");
        for (var more = page.GetByTestId($"{testId}-more"); await row.CountAsync() == 0 && await more.CountAsync() > 0;)
        {
            var shown = await rows.CountAsync();
            await more.ClickAsync();
            await Microsoft.Playwright.Assertions.Expect(rows).Not.ToHaveCountAsync(shown);
        }
        return row;
    }

    /// <summary>The case id in the console's address (/console/cases/{id}).</summary>
    public static Guid CaseIdIn(this IPage page) => Guid.Parse(new Uri(page.Url).Segments[^1].TrimEnd('/'));

    /// <summary>
    /// A concern about Amira reported through the API, as a teacher: for tests that start from a case. <paramref name="told"/>:
    /// when the school was told (its deadlines count from then), by default as it is reported.
    /// </summary>
    public static async Task<Guid> ReportConcernAsync(this ConsoleFixture app, string account, DateTimeOffset? told = null)
    {
        using var teacher = await app.ApiClientAsync(ConsoleFixture.Teacher);
        var sent = await teacher.PostAsJsonAsync("api/concerns", new
        {
            pupils = new[] { new { pupilId = ConsoleFixture.Amira, role = "victim" } },
            category = "cyberbullying",
            account,
            occurredAt = (told ?? DateTimeOffset.UtcNow).AddHours(-1),
            receivedAt = told,
        });
        sent.EnsureSuccessStatusCode();
        return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>An allegation about Tom Teacher reported through the API, as the DSL; the headteacher manages it (version 2).</summary>
    public static async Task<Guid> ReportAllegationAsync(this ConsoleFixture app, string account, int hoursAgo)
    {
        using var dsl = await app.ApiClientAsync(ConsoleFixture.Dsl);
        var sent = await dsl.PostAsJsonAsync("api/allegations", new
        {
            subjectId = ConsoleFixture.Teacher, account,
            occurredAt = DateTimeOffset.UtcNow.AddHours(-hoursAgo), indecentImagesFound = false, unsuitableMaterialFound = false,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);
        return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
