import Foundation
import TestSupport
import Testing

@Suite("placeplan rerun")
struct RerunCommandTests {
    @Test("a forecast run reproduced byte for byte from its run.json; a changed input is named and nothing runs")
    func rerun() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = folder.appendingPathComponent("inputs")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("inputs"), to: inputs)
        let run = folder.appendingPathComponent("run")
        #expect(try placeplan(["forecast", "--inputs", inputs.path, "--out", run.path]).status == 0)
        let again = try placeplan(["rerun", run.appendingPathComponent("run.json").path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("Rerun identical: all 11 files of run "), "\(again.stdout.suffix(300))")
        // Independently of the command's own check: the workbook and forecast.csv are the same bytes.
        for name in ["forecast.csv", "placeplan.xlsx", "report.html"] {
            let first = try Data(contentsOf: run.appendingPathComponent(name))
            let second = try Data(contentsOf: run.appendingPathComponent("rerun").appendingPathComponent(name))
            #expect(first == second, "\(name)")
        }
        // Change an input: the rerun refuses, naming it, and writes nothing.
        let births = inputs.appendingPathComponent("births.csv")
        try (try String(contentsOf: births, encoding: .utf8) + "\n").write(
            to: births, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("second")
        let changed = try placeplan(["rerun", run.appendingPathComponent("run.json").path, "--out", out.path])
        #expect(changed.status != 0)
        #expect(changed.stderr.contains("births.csv: changed since the run (its SHA-256 differs"), "\(changed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
