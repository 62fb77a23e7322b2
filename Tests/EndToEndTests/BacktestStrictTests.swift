import Foundation
import TestSupport
import Testing

/// Two areas, 2014/15–2019/20, R–2; area B has Reception pupils but no births.
private func twoAreas() throws -> URL {
    let folder = try temporaryDirectory()
    var pupils = ["area_code,area_name,year,year_group,pupils"]
    for area in ["A", "B"] {
        for year in 2014...2019 {
            for group in ["R", "1", "2"] { pupils.append("\(area),\(area)ville,\(year),\(group),100") }
        }
    }
    try (pupils.joined(separator: "\n") + "\n")
        .write(to: folder.appendingPathComponent("pupils.csv"), atomically: true, encoding: .utf8)
    let births = (2008...2016).map { "A,\($0),105" }.joined(separator: "\n")
    try ("area_code,year,births\n" + births + "\n")
        .write(to: folder.appendingPathComponent("births.csv"), atomically: true, encoding: .utf8)
    return folder
}

@Suite("placeplan backtest: areas that cannot be forecast are named; --strict stops")
struct BacktestStrictTests {
    @Test("an area without births is named and left out; with --strict nothing is written")
    func skippedAndStrict() throws {
        let folder = try twoAreas()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["backtest", "--inputs", folder.path, "--model", "standard", "--horizons", "1-2"]
        let out = folder.appendingPathComponent("out")
        let run = try placeplan(arguments + ["--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(
                "Skipped B (Bville): it has Reception pupils but no births in the births file, so it is forecast "
                    + "from no origin."), "\(run.stdout)")
        let record = try String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8)
        #expect(record.contains("\"area_code\" : \"B\""), "\(record)")

        let strictOut = folder.appendingPathComponent("strict")
        let strict = try placeplan(arguments + ["--strict", "--out", strictOut.path])
        #expect(strict.status == 1)
        #expect(
            strict.stderr.contains(
                "Error: --strict: 1 area(s) cannot be forecast from every origin: B (Bville): it has Reception pupils "
                    + "but no births in the births file, so it is forecast from no origin. Nothing was written"),
            "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: strictOut.path))
    }
}
