import Foundation
import Testing
import TestSupport

@Suite("placeplan scenario, end to end")
struct ScenarioCommandTests {
    @Test("the shipped scenarios run side by side with the base")
    func runShipped() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(["scenario", "run", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try SimpleCSV(out.appendingPathComponent("scenarios.csv"))
        for column in ["scenario", "area_code", "phase", "year", "capacity", "pupils", "surplus_pct", "places_needed", "status"] {
            #expect(csv.columns[column] != nil)
        }
        let names = Set(csv.values("scenario"))
        #expect(names.contains("base") && names.contains("reduce-pans-east-south") && names.contains("high-births"))
        // A supply-only scenario shares the base's pupils exactly.
        func pupils(_ scenario: String) -> [String] {
            csv.rows.filter { $0[csv.columns["scenario"]!] == scenario }.map { $0[csv.columns["pupils"]!] }
        }
        #expect(pupils("reduce-pans-east-south") == pupils("base"))
        #expect(pupils("high-births") != pupils("base"))
        #expect(result.stdout.contains("base") && result.stdout.contains("excess"))
    }

    @Test("suggest writes a scenario that runs, creates no shortfall, and reduces excess surplus")
    func suggestThenRun() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let suggest = try placeplan(["scenario", "suggest", "--out", out.path])
        #expect(suggest.status == 0, "\(suggest.stderr)")
        let suggested = out.appendingPathComponent("suggested.yaml")
        let run = try placeplan(["scenario", "run", suggested.path, "--out", out.appendingPathComponent("run").path])
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try SimpleCSV(out.appendingPathComponent("run/scenarios.csv"))
        func rows(_ scenario: String) -> [String: [String]] {
            Dictionary(uniqueKeysWithValues: csv.rows.filter { $0[csv.columns["scenario"]!] == scenario }.map {
                ("\($0[csv.columns["area_code"]!])|\($0[csv.columns["phase"]!])|\($0[csv.columns["year"]!])", $0)
            })
        }
        let base = rows("base"), after = rows("suggested")
        #expect(!after.isEmpty)
        var excessBefore = 0, excessAfter = 0
        for (key, row) in after {
            let status = row[csv.columns["status"]!], baseStatus = base[key]![csv.columns["status"]!]
            if status == "shortfall" { #expect(baseStatus == "shortfall", "new shortfall in \(key)") }
            excessAfter += status == "excess" ? 1 : 0
            excessBefore += baseStatus == "excess" ? 1 : 0
        }
        #expect(excessAfter < excessBefore)
    }

    @Test("a scenario naming an unknown school is an error located in the file, and nothing is written")
    func invalidScenario() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.yaml")
        try "name: bad\npan_changes:\n  - { school: NOPE, from: 2021, pan: 30 }\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try placeplan(["scenario", "run", file.path, "--out", folder.appendingPathComponent("out").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("bad.yaml:3: column 15: unknown school 'NOPE'"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }
}
