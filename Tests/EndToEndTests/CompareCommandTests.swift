import Foundation
import TestSupport
import Testing

@Suite("placeplan compare")
struct CompareCommandTests {
    @Test(
        "Southampton against its neighbours, the core cities and England: the table, compare.csv, run.json",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func southampton() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(["compare", "--data", nationalData!.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Southampton (E06000045) against its statistical neighbours"))
        #expect(result.stdout.contains("Neighbours median (min to max)"))
        #expect(result.stdout.contains("England: the median of the 146 LAs"))
        for name in ["compare.csv", "compare_groups.csv", "compare.xlsx", "compare.html", "run.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path))
        }
        // The page states the finding in words: Reception 2,643 / births 3,083 = 0.857 for 2022/23 (computed by hand
        // from ../shared/data/england_la), self-contained (no URL at all).
        let html = try String(contentsOf: out.appendingPathComponent("compare.html"), encoding: .utf8)
        #expect(
            html.contains("<li>Reception / births (Y-4) (2022/23): Southampton 0.86, neighbours "),
            "\(html.prefix(3000))")
        #expect(!html.contains("http"))
        let csv = try SimpleCSV(out.appendingPathComponent("compare.csv"))
        #expect(
            csv.columns.keys.sorted() == ["area_code", "area_name", "group", "measure", "period", "stable", "value"])
        let own = csv.namedRows.filter { $0["area_code"] == "E06000045" }
        #expect(own.count == 10)
        #expect(own.allSatisfy { $0["group"] == "la" })
    }

    @Test("a missing data folder: status 1, the error names where it looked and --data")
    func missingData() throws {
        let result = try placeplan(["compare", "--data", "/nowhere/england_la", "--la", "E06000045"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nowhere/england_la/pupils.csv"))
        #expect(result.stderr.contains("Pass --data DIR"))
    }

    @Test("a bad --origin is refused before anything is read")
    func badOrigin() throws {
        let result = try placeplan(["compare", "--origin", "2022/24"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--origin must be an academic year"))
    }
}
