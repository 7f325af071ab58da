using System.Diagnostics;
using Microsoft.Playwright;

namespace KefuDesk.BrowserTests.Infrastructure;

/// <summary>Reads a barcode off the screen as a scanner would: a screenshot of the element, decoded by zbarimg (zbar-tools).</summary>
public static class Barcodes
{
    public static async Task<string> ScanAsync(ILocator element)
    {
        var image = Path.Combine(Path.GetTempPath(), $"kd-barcode-{Guid.NewGuid():N}.png");
        try
        {
            await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = image });
            using var zbar = Process.Start(new ProcessStartInfo("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Scode128.enable", image])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("zbarimg did not start (scripts/services.sh installs zbar-tools)");
            var output = await zbar.StandardOutput.ReadToEndAsync();
            var errors = await zbar.StandardError.ReadToEndAsync();
            await zbar.WaitForExitAsync();
            Assert.True(zbar.ExitCode == 0, $"zbarimg read no Code 128 barcode (exit {zbar.ExitCode}): {errors}");
            return output.Trim();
        }
        finally
        {
            File.Delete(image);
        }
    }
}
