import Foundation
import TestSupport
import Testing

/// A copy of `inputs/` with `intakes.csv` holding `rows` (after the header); the caller removes it.
private func inputsWithIntakes(_ rows: String) throws -> URL {
    let folder = try temporaryDirectory().appendingPathComponent("inputs")
    try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("inputs"), to: folder)
    try Data(("area_code,year,year_group,pupils\n" + rows).utf8).write(to: folder.appendingPathComponent("intakes.csv"))
    return folder
}

/// The 1-year LA-total median |error| (%) of `phase` for `method` in an accuracy file.
private func median(_ file: URL, _ method: String, _ phase: String) throws -> Double {
    let rows = try SimpleCSV(file).namedRows
    let row = try #require(
        rows.first {
            $0["method"] == method && $0["granularity"] == "la_total" && $0["phase"] == phase && $0["horizon"] == "1"
        })
    return try #require(Double(row["median_abs_pct"]!))
}

@Suite("Known intakes, end to end")
struct KnownIntakesCommandTests {
    @Test("forecast: known cells are source known_intake with a zero-width interval; the summary counts them")
    func forecastSource() throws {
        let inputs = try inputsWithIntakes("P01,2023,R,400\nS01,2023/24,7,1000\n")
        let root = inputs.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        let result = try placeplan(["forecast", "--inputs", inputs.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Known intakes: 2 (Reception and Year 7, from \(inputs.path)/intakes.csv)"))
        let rows = try SimpleCSV(out.appendingPathComponent("forecast.csv")).namedRows
        func row(_ area: String, _ year: String, _ group: String) -> [String: String]? {
            rows.first { $0["area_code"] == area && $0["year"] == year && $0["year_group"] == group }
        }
        let known = rows.filter { $0["source"] == "known_intake" }
        #expect(known.map { "\($0["area_code"]!) \($0["year_group"]!)" } == ["P01 R", "S01 7"])
        let reception = try #require(row("P01", "2023", "R"))
        #expect(reception["pupils"] == "400" && reception["lower_80"] == "400" && reception["upper_95"] == "400")
        #expect(reception["housing_pupils"] == "0" && reception["method"] == "known intake")
        // The cohort rolls on from 400 and keeps a calibrated interval.
        let yearOne = try #require(row("P01", "2024", "1"))
        #expect(Double(yearOne["lower_80"]!)! < Double(yearOne["pupils"]!)!)
        #expect(yearOne["source"] != "known_intake")
        let record = try String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8)
        #expect(record.contains("intakes.csv"))
    }

    @Test("explain names the known intake and the projection it replaced, and a later year's cohort start")
    func explain() throws {
        let inputs = try inputsWithIntakes("P01,2023,R,400\n")
        defer { try? FileManager.default.removeItem(at: inputs.deletingLastPathComponent()) }
        let file = "\(inputs.path)/intakes.csv"
        let known = try placeplan(
            ["explain", "--inputs", inputs.path, "--area", "P01", "--year", "2023", "--year-group", "R"])
        #expect(known.status == 0, "\(known.stderr)")
        #expect(
            known.stdout.contains(
                "Reception in P01 (City Centre and Portswood (illustrative)), 2023/24: 400 pupils "
                    + "(a known intake from \(file), in place of the projected "))
        #expect(
            known.stdout.contains("  Reception in 2023/24 = known intake 400 (\(file)), in place of the projected "))
        let later = try placeplan(
            ["explain", "--inputs", inputs.path, "--area", "P01", "--year", "2025", "--year-group", "2"])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(
            later.stdout.contains(
                "  The cohort starts from the known intake of Reception in 2023/24: 400 pupils (\(file)), rolled on by "
                    + "the survival ratios."))
        #expect(later.stdout.contains("  Year 1 in 2024/25 = Reception in 2023/24 × R->1 ratio "))
    }

    @Test("--intakes FILE; a bad row stops with exit 1 and its message; a year past the horizon is a warning")
    func optionErrorsAndWarnings() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("offers.csv")
        try Data("area_code,year,year_group,pupils\nP01,2023,R,400\nP02,2040,R,500\n".utf8).write(to: file)
        let out = root.appendingPathComponent("out")
        let ok = try placeplan(["forecast", "--intakes", file.path, "--out", out.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(
            ok.stderr.contains(
                "Warning: \(file.path):3: the known intake of Reception in P02 for 2040/41 is beyond the forecast's "
                    + "last year, 2029/30, so it is not used"))
        #expect(ok.stdout.contains("Known intakes: 1 (Reception, from \(file.path))"))

        try Data("area_code,year,year_group,pupils\nP01,2022,R,400\n".utf8).write(to: file)
        let bad = try placeplan(["forecast", "--intakes", file.path, "--out", out.path])
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains(
                "\(file.path):2: column 'year' (2): the census already has Reception in P01 for 2022/23 (pupils file). "
                    + "Known intakes are for years after the last census, 2022/23: from 2023/24"))

        let inputs = try inputsWithIntakes("P01,2023,4,400\n")
        defer { try? FileManager.default.removeItem(at: inputs.deletingLastPathComponent()) }
        let validate = try placeplan(["validate", "--inputs", inputs.path])
        #expect(validate.status != 0)
        #expect(
            validate.stdout.contains("'4' is not an entry year group")
                || validate.stderr.contains("'4' is not an entry year group"))
    }

    /// Measured (standard model, stable LAs, origins 2016–2018, 1 year ahead, about 2 s in debug): median |error|
    /// of LA totals primary 0.34% → 0.25%, secondary 0.44% → 0.27% given the actual Reception and Year 7 of the
    /// first forecast year; Reception carried 34% of the primary 1-year absolute error, Year 7 38% of secondary's.
    @Test(
        "national: known intakes lower the 1-year primary and secondary LA-total median errors",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func nationalBacktest() throws {
        let data = try #require(nationalData)
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(
            nationalBacktestArguments(
                data,
                [
                    "--model", "standard",
                    "--origins", "2016-2018", "--horizons", "1-1", "--no-send", "--no-early-years", "--known-intakes",
                    "--out", out.path,
                ]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("With known intakes: median |error| % (bias %)"))
        #expect(result.stdout.contains("Without known intakes: each year group's share"))
        for phase in ["primary", "secondary"] {
            let without = try median(out.appendingPathComponent("accuracy.csv"), "standard", phase)
            let with = try median(out.appendingPathComponent("accuracy_known_intakes.csv"), "standard", phase)
            #expect(with < without, "\(phase): \(with) with known intakes, \(without) without")
        }
    }
}
