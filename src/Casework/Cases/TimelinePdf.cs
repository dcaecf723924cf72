using Casework.Http;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace Casework.Cases;

/// <summary>
/// The timeline export as a PDF a person reads (PDFsharp): the school, the case and whom it is about, its deadlines, the period, who exported it
/// and when, the number of entries and their digest with what it proves, then each entry's dates (London time), who,
/// what and why, with "Page n of m" and the OFFICIAL-SENSITIVE marking on every page, tagged (headings, paragraphs, the
/// markings as artifacts) for a screen reader. The digest is set in a single-byte (WinAnsi) font, so it stands in the page's
/// content as the plain text a recipient compares with the JSON export.
/// </summary>
public static class TimelinePdf
{
    private const double Margin = 50;
    private const double FooterSpace = 40;
    private const double EntryGap = 7;

    private static readonly XFont Title;
    private static readonly XFont Bold;
    private static readonly XFont Body;
    private static readonly XFont Fixed;
    private static readonly XFont Marking;
    private static readonly XFont Plain;

    /// <summary>The Government Security Classification of a child protection record, at the top and foot of every page.</summary>
    public const string Classification = "OFFICIAL-SENSITIVE";

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    static TimelinePdf()
    {
        GlobalFontSettings.FontResolver ??= new TimelineFonts();
        Title = new XFont(TimelineFonts.Sans, 15, XFontStyleEx.Bold);
        Bold = new XFont(TimelineFonts.Sans, 9, XFontStyleEx.Bold);
        Body = new XFont(TimelineFonts.Sans, 9, XFontStyleEx.Regular);
        Fixed = new XFont(TimelineFonts.Mono, 8, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.WinAnsi));
        // Single-byte, like the digest, so the marking stands in the page's content as plain text.
        Marking = new XFont(TimelineFonts.Sans, 9, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.WinAnsi));
        Plain = new XFont(TimelineFonts.Sans, 9, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.WinAnsi));
    }

    /// <summary>An instant as the school reads it: London time, whatever the server's zone ("Fri 4 Dec 2026, 15:30").</summary>
    public static string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, London).ToString("ddd d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Laid out twice: once to count the pages, then for good, so that every page gets its "Page n of m" and markings as
    /// it is started. PDFsharp's tagging (<see cref="UAManager"/>) follows one page at a time and cannot go back to a page
    /// already left, so nothing is drawn on an earlier page afterwards.
    /// </summary>
    public static byte[] Render(TimelineExport export)
    {
        int pages;
        using (var draft = new PdfDocument())
        {
            pages = Write(draft, export, totalPages: null);
        }
        using var document = new PdfDocument();
        document.Info.Title = $"Timeline of case {export.Case.Id}";
        document.Info.Creator = "Casework";
        document.ViewerPreferences.DisplayDocTitle = true;
        Write(document, export, pages);

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static int Write(PdfDocument document, TimelineExport export, int? totalPages)
    {
        var writer = new PageWriter(document, export.Case.Id, totalPages);

        writer.Line("Case timeline", Title, 22, PdfBlockLevelElementTag.Heading1);
        writer.Pair("School", export.Case.SchoolName is { Length: > 0 } name ? $"{name} ({export.Case.School})" : export.Case.School);
        writer.Pair("Case", $"{export.Case.Id} ({export.Case.Kind.Replace('-', ' ')})");
        if (export.Case.About is { Count: > 0 } about)
        {
            writer.Pair("About", string.Join("; ", about.Select(person => $"{person.Name} ({person.Is})")));
        }
        writer.Pair("Period", export.Period is { } period ? $"{Local(period.From)} to {Local(period.To)} (London time)" : "no events");
        if (export.AsOf is { } asOf)
        {
            writer.Pair("As known at", Local(asOf));
        }
        foreach (var (index, deadline) in (export.Case.Deadlines ?? []).Index())
        {
            // Words a recipient may search for, so set as plain text like the digest.
            writer.Pair(index == 0 ? "Deadlines" : "", $"{deadline.Words}: {deadline.State}", Plain);
        }
        writer.Pair("Exported by", $"{export.ExportedBy.Name} ({string.Join(", ", export.ExportedBy.Roles.Select(TimelineWords.RoleInWords))}) on {Local(export.ExportedAt)}");
        if (export.SharedWith is not null)
        {
            writer.Pair("Shared with", export.SharedWith);
            writer.Pair("Why", export.Why ?? "");
        }
        writer.Pair("Events", export.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.Pair("SHA-256", "This number is the digest of the entries below as the JSON export of the same timeline holds them " +
            "(RFC 8785 form). Whoever recomputes it from that export and finds the same number knows that no entry was changed, added or removed:");
        writer.Line(export.Digest, Fixed, 14);
        writer.Gap(EntryGap * 2);

        foreach (var (index, entry) in export.Entries.Index())
        {
            writer.KeepTogether(Body.Height * 4);
            writer.Line($"{index + 1}. {Local(entry.OccurredAt)} (recorded {Local(entry.RecordedAt)})", Bold, tag: PdfBlockLevelElementTag.Heading2);
            writer.Pair("Who", entry.Role.Length == 0 ? entry.Who : $"{entry.Who} ({entry.Role})");
            writer.Pair("What", entry.What);
            if (entry.Why is not null)
            {
                writer.Pair("Why", entry.Why);
            }
            writer.Gap(EntryGap);
        }
        return writer.Finish();
    }

    /// <summary>
    /// Writes lines down the pages, starting a new page when the next line would not fit, each line inside its structure
    /// element (a heading or a paragraph: the tags a screen reader follows), each page's markings and number an artifact.
    /// </summary>
    private sealed class PageWriter
    {
        private readonly PdfDocument _document;
        private readonly StructureBuilder _tags;
        private readonly Guid _caseId;
        private readonly int? _totalPages;
        private XGraphics _graphics;
        private PdfPage _page;
        private double _y;

        public PageWriter(PdfDocument document, Guid caseId, int? totalPages)
        {
            _document = document;
            _caseId = caseId;
            _totalPages = totalPages;
            var tagging = UAManager.ForDocument(document);
            tagging.SetDocumentLanguage("en-GB");
            _tags = tagging.StructureBuilder;
            (_page, _graphics) = NewPage();
            _tags.BeginElement(PdfGroupingElementTag.Document);
        }

        private double Width => _page.Width.Point - 2 * Margin;

        private double Bottom => _page.Height.Point - Margin - FooterSpace;

        /// <summary>A new page with its markings and "Page n of m" (m once known: the layout does not depend on it).</summary>
        private (PdfPage, XGraphics) NewPage()
        {
            var page = _document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            var graphics = XGraphics.FromPdfPage(page);
            _y = Margin + Marking.Height * 1.5;
            _tags.BeginArtifact();
            // Single-byte, so "Page n of m" stands in the page's content as plain text.
            graphics.DrawString($"Case {_caseId}    Page {_document.PageCount} of {_totalPages ?? 0}", Plain, XBrushes.Black,
                new XRect(Margin, page.Height.Point - Margin - Plain.Height, page.Width.Point - 2 * Margin, Plain.Height), XStringFormats.Center);
            foreach (var y in new[] { Margin - Marking.Height, page.Height.Point - Margin + Marking.Height * 0.5 })
            {
                graphics.DrawString(Classification, Marking, XBrushes.Black,
                    new XRect(Margin, y, page.Width.Point - 2 * Margin, Marking.Height), XStringFormats.Center);
            }
            _tags.End();
            return (page, graphics);
        }

        public void KeepTogether(double height)
        {
            if (_y + height > Bottom)
            {
                // The tagging closes the page's open marked content as the next page is added: with the page's graphics still open.
                var left = _graphics;
                (_page, _graphics) = NewPage();
                left.Dispose();
            }
        }

        public void Gap(double height) => _y += height;

        public void Line(string text, XFont font, double? height = null, PdfBlockLevelElementTag tag = PdfBlockLevelElementTag.Paragraph)
        {
            _tags.BeginElement(tag);
            foreach (var line in Wrap(text, font, Width))
            {
                KeepTogether(font.Height);
                _graphics.DrawString(line, font, XBrushes.Black, new XPoint(Margin, _y + font.Height * 0.8));
                _y += height ?? font.Height * 1.15;
            }
            _tags.End();
        }

        /// <summary>A label in bold and its text beside it, the text wrapped under itself: one paragraph.</summary>
        public void Pair(string label, string text, XFont? font = null)
        {
            const double indent = 72;
            font ??= Body;
            var lines = Wrap(text, font, Width - indent);
            KeepTogether(font.Height);
            _tags.BeginElement(PdfBlockLevelElementTag.Paragraph);
            if (label.Length > 0)
            {
                _graphics.DrawString(label, Bold, XBrushes.Black, new XPoint(Margin, _y + font.Height * 0.8));
            }
            foreach (var line in lines)
            {
                KeepTogether(font.Height);
                _graphics.DrawString(line, font, XBrushes.Black, new XPoint(Margin + indent, _y + font.Height * 0.8));
                _y += font.Height * 1.15;
            }
            _tags.End();
        }

        /// <summary>Closes the document's structure and its last page; returns the number of pages.</summary>
        public int Finish()
        {
            _tags.End();
            _graphics.Dispose();
            return _document.PageCount;
        }

        // Words to lines no wider than the width; a word wider than a line (a URL) is cut where it must be.
        // Each word is measured once (and remembered: names, dates and common words recur), not each candidate line.
        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            var space = Measure("x x", font) - Measure("xx", font);
            // Every drawn text passes here: tabs and other control characters (stored before they were refused) become spaces.
            foreach (var paragraph in TextLimits.Printable(text).Replace('\t', ' ').ReplaceLineEndings("\n").Split('\n'))
            {
                var line = new System.Text.StringBuilder();
                var used = 0.0;
                foreach (var word in paragraph.Split(' '))
                {
                    var rest = word;
                    var wide = Measure(rest, font);
                    if (line.Length > 0 && used + space + wide <= width)
                    {
                        line.Append(' ').Append(rest);
                        used += space + wide;
                        continue;
                    }
                    if (line.Length > 0)
                    {
                        yield return line.ToString();
                        line.Clear();
                    }
                    while (wide > width && rest.Length > 1)
                    {
                        var (low, high) = (1, rest.Length - 1);
                        while (low < high)
                        {
                            var middle = (low + high + 1) / 2;
                            (low, high) = Measure(rest[..middle], font) <= width ? (middle, high) : (low, middle - 1);
                        }
                        yield return rest[..low];
                        rest = rest[low..];
                        wide = Measure(rest, font);
                    }
                    line.Append(rest);
                    used = wide;
                }
                yield return line.ToString();
            }
        }

        private readonly Dictionary<(XFont, string), double> _widths = [];

        private double Measure(string text, XFont font) =>
            _widths.TryGetValue((font, text), out var width) ? width : _widths[(font, text)] = _graphics.MeasureString(text, font).Width;
    }
}

/// <summary>
/// The fonts of the PDF export, read from the machine: DejaVu (Debian's fonts-dejavu-core) or else Liberation
/// (fonts-liberation), both free to embed. PDFsharp finds no fonts by itself on Linux.
/// </summary>
public sealed class TimelineFonts : IFontResolver
{
    public const string Sans = "Casework Sans";
    public const string Mono = "Casework Mono";

    private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation"];

    private static readonly Dictionary<string, string[]> Faces = new()
    {
        ["sans"] = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf"],
        ["sans-bold"] = ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf"],
        ["mono"] = ["DejaVuSansMono.ttf", "LiberationMono-Regular.ttf"],
    };

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(familyName == Mono ? "mono" : isBold ? "sans-bold" : "sans");

    public byte[]? GetFont(string faceName) =>
        Faces[faceName].SelectMany(file => Folders.Select(folder => Path.Combine(folder, file))).FirstOrDefault(File.Exists) is { } path
            ? File.ReadAllBytes(path)
            : throw new InvalidOperationException("No font for the PDF export: install Debian's fonts-dejavu-core (or fonts-liberation).");
}
