using System.Text.Unicode;

namespace Hidamari.Portal.Infrastructure;

/// Thrown when an imported CSV file is not UTF-8: an import says so plainly instead of storing mojibake.
public sealed class NotUtf8Exception() : IOException("The CSV file is not UTF-8.");

/// <summary>
/// What every import (staff list, plan sheet, rate table) checks before reading a CSV file. Excel's plain "CSV" save in
/// Japan writes Shift_JIS; read as UTF-8 its Japanese text turns into replacement characters that would be stored or
/// reported as unknown values. Such a file is refused as a whole with one clear message (the header row's
/// "Import.NotUtf8").
/// </summary>
public static class ImportFiles
{
    /// Reads the whole upload into memory (the caller has capped its size) and refuses it when it is not UTF-8.
    public static async Task<MemoryStream> BufferUtf8Async(Stream file, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        EnsureUtf8(buffer);
        return buffer;
    }

    /// Refuses a buffered CSV that is not UTF-8 (a BOM is fine) and rewinds it for reading.
    public static void EnsureUtf8(MemoryStream buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var bytes = buffer.TryGetBuffer(out var written) ? written.AsSpan(0, (int)buffer.Length) : buffer.ToArray();
        if (!Utf8.IsValid(bytes)) throw new NotUtf8Exception();
        buffer.Position = 0;
    }
}
