import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("report.html for the default city")
struct ReportTests {
    @Test("well-formed, self-contained, findings first, one fan chart per planning area")
    func defaultCity() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(["forecast", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        // Self-contained: nothing fetched (the only URL is the SVG namespace, which is a name, not a fetch).
        let urls = html.components(separatedBy: "http").dropFirst().map { $0.prefix(30) }
        #expect(urls.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg") }, "\(urls)")
        #expect(!html.contains("<script src") && !html.contains("<link "))
        // Well-formed: parses as XML once the doctype and the void meta tags are closed.
        let xml = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
            .replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>")
            .replacingOccurrences(
                of: "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                with: "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        let parser = XMLParser(data: Data(xml.utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError)) at line \(parser.lineNumber)")
        // Findings come before the first chart.
        let findings = try #require(html.range(of: "<h2>Findings</h2>"))
        let firstChart = try #require(html.range(of: "<svg"))
        #expect(findings.lowerBound < firstChart.lowerBound)
        // One fan chart per planning area in planning_areas.csv.
        let areas = try SimpleCSV(repositoryRoot.appendingPathComponent("inputs/planning_areas.csv"))
        let codes = areas.rows.map { $0[areas.columns["area_code"]!] }
        for code in codes {
            let charts = html.components(separatedBy: "aria-label=\"\(code) ").count - 1
            #expect(charts == 1, "\(code): \(charts) fan charts")
        }
        #expect(html.contains("<li>Primary surplus "), "the LA's primary finding in words")
    }
}

@Suite("The report's screenshot script")
struct ScreenshotScriptTests {
    private static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(
        "renders the first screen to a PNG",
        .enabled(if: chromium != nil, "Chromium is not installed: screenshot skipped"))
    func screenshot() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(try placeplan(["forecast", "--out", out.path]).status == 0)
        let png = out.appendingPathComponent("shot.png")
        let process = Process()
        process.executableURL = repositoryRoot.appendingPathComponent("scripts/screenshot-report.sh")
        process.arguments = [out.appendingPathComponent("report.html").path, png.path]
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let bytes = try Data(contentsOf: png)
        #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG file")
        #expect(bytes.count > 10_000, "a real picture, not an empty page")
    }
}
