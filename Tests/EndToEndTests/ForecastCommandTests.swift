import Foundation
import Testing
import TestSupport

/// Checks the `forecast.csv` contract: required columns; for every area of the pupils input with data in the
/// origin year, every forecast year and every year group it teaches (R..13, Year 14 excluded); values finite
/// and non-negative; nothing else.
@discardableResult
private func checkContract(forecast: URL, pupils: URL, horizon: Int) throws -> Int {
    var withIntervals = 0
    let input = try SimpleCSV(pupils)
    let output = try SimpleCSV(forecast)
    for column in ["area_code", "year", "year_group", "pupils"] { #expect(output.columns[column] != nil, "\(column)") }

    let origin = input.values("year").compactMap(Int.init).max()!
    var expected = Set<String>()
    for row in input.rows where Int(row[input.columns["year"]!]) == origin {
        let group = row[input.columns["year_group"]!]
        guard group != "14" else { continue }
        for year in origin + 1...origin + horizon { expected.insert("\(row[input.columns["area_code"]!])|\(year)|\(group)") }
    }
    var seen = Set<String>()
    for row in output.rows {
        let key = "\(row[output.columns["area_code"]!])|\(row[output.columns["year"]!])|\(row[output.columns["year_group"]!])"
        #expect(seen.insert(key).inserted, "duplicate row \(key)")
        let value = Double(row[output.columns["pupils"]!])
        #expect(value != nil && value!.isFinite && value! >= 0, "bad pupils in \(key)")
        // Intervals, where calibrated, nest around the point forecast: lower95 ≤ lower80 ≤ pupils ≤ upper80 ≤ upper95.
        let bounds = ["lower_95", "lower_80", "upper_80", "upper_95"].map { Double(row[output.columns[$0]!]) }
        if let value, let l95 = bounds[0], let l80 = bounds[1], let u80 = bounds[2], let u95 = bounds[3] {
            #expect(l95 <= l80 && l80 <= value + 1e-3 && value <= u80 + 1e-3 && u80 <= u95, "intervals in \(key)")
            withIntervals += 1
        }
    }
    #expect(seen == expected, "missing \(expected.subtracting(seen).sorted().prefix(5)), extra \(seen.subtracting(expected).sorted().prefix(5))")
    return withIntervals
}

@Suite("placeplan forecast, end to end")
struct ForecastCommandTests {
    @Test("on the embedded default inputs: every planning area, year and year group")
    func defaultInputs() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(["forecast", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("origin 2019/20"))
        #expect(result.stdout.contains("9 areas"))
        let withIntervals = try checkContract(forecast: out.appendingPathComponent("forecast.csv"),
                                              pupils: repositoryRoot.appendingPathComponent("inputs/pupils.csv"), horizon: 7)
        #expect(withIntervals > 0)
        let ratios = try SimpleCSV(out.appendingPathComponent("ratios.csv"))
        // Secondary planning areas take Year 7 from their feeders.
        #expect(ratios.values("transition").filter { $0 == "feeders->7" }.count == 3)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("run.json").path))

        // The supply side: every file, with its documented columns, and the LA-total rows.
        let expectedColumns = [
            "surplus.csv": ["area_code", "phase", "year", "capacity", "pupils", "surplus_places", "surplus_pct",
                            "target_pct", "status", "housing_pupils"],
            "places_needed.csv": ["area_code", "phase", "year", "year_group", "pupils", "planned_pupils", "capacity", "places_needed"],
            "build_needs.csv": ["area_code", "phase", "first_shortfall_year", "forms_of_entry", "places_to_build",
                                "decision_year", "cost_expansion_gbp", "cost_new_school_gbp"],
            "deficit_risk.csv": ["school_id", "year", "roll", "census_roll", "roll_change", "unfilled_pct",
                                 "intake_per_fe", "income_change_gbp", "risk", "reasons"],
            "send.csv": ["area_code", "year", "age_band", "plans", "lower_80", "upper_80"],
            "specialist_places.csv": ["area_code", "phase", "year", "plans", "specialist_places", "special_school_places",
                                      "special_school_capacity", "special_school_surplus", "out_of_area_share"],
        ]
        for (file, columns) in expectedColumns {
            let csv = try SimpleCSV(out.appendingPathComponent(file))
            for column in columns { #expect(csv.columns[column] != nil, "\(file) lacks \(column)") }
            #expect(!csv.rows.isEmpty, "\(file) is empty")
        }
        let surplus = try SimpleCSV(out.appendingPathComponent("surplus.csv"))
        let laRows = surplus.rows.filter { $0[surplus.columns["area_code"]!] == "E06000045" }
        #expect(laRows.count == 2 * 8)  // primary and secondary, census year + 7 forecast years
        // Capacity in the census year is the published 2024/25 total (the default data assume it throughout).
        #expect(laRows.contains { $0[surplus.columns["phase"]!] == "primary" && $0[surplus.columns["capacity"]!] == "21957" })
        let forecastRows = try SimpleCSV(out.appendingPathComponent("forecast.csv"))
        #expect(forecastRows.values("housing_pupils").contains { (Double($0) ?? 0) > 0 })
        #expect(result.stdout.contains("Surplus places against capacity"))
        // SEND: every band and the Total for each forecast year; the Total equals the sum of the bands.
        let send = try SimpleCSV(out.appendingPathComponent("send.csv"))
        #expect(send.rows.count == 7 * 6)
        for year in 2020...2026 {
            let inYear = send.rows.filter { $0[send.columns["year"]!] == String(year) }
            let total = inYear.first { $0[send.columns["age_band"]!] == "Total" }.map { Double($0[send.columns["plans"]!])! } ?? -1
            let bands = inYear.filter { $0[send.columns["age_band"]!] != "Total" }.reduce(0) { $0 + Double($1[send.columns["plans"]!])! }
            #expect(abs(total - bands) < 0.5, "\(year)")
        }
    }

    @Test("--horizon and --model are honoured")
    func options() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let model = out.appendingPathComponent("last.yaml")
        try "name: last-ratio\nintake: { estimator: last }\nprogression: { estimator: last }\n"
            .write(to: model, atomically: true, encoding: .utf8)
        let result = try placeplan(["forecast", "--inputs", "inputs", "--model", model.path, "--horizon", "3",
                                    "--out", out.appendingPathComponent("run").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("model 'last-ratio'"))
        try checkContract(forecast: out.appendingPathComponent("run/forecast.csv"),
                          pupils: repositoryRoot.appendingPathComponent("inputs/pupils.csv"), horizon: 3)
    }

    @Test("on the national file: every LA in the latest census (2022/23)", .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func nationalFile() throws {
        let data = try #require(nationalData)
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(["forecast", "--pupils", data.appendingPathComponent("pupils.csv").path,
                                    "--births", data.appendingPathComponent("births.csv").path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        // 152 LAs from 2021/22 on (the data's README); the origin is the last census year.
        #expect(result.stdout.contains("origin 2022/23"))
        #expect(result.stdout.contains("152 areas"))
        let withIntervals = try checkContract(forecast: out.appendingPathComponent("forecast.csv"),
                                              pupils: data.appendingPathComponent("pupils.csv"), horizon: 7)
        // Calibrated on origins 2013-2021: every horizon has intervals (longer ones widened from shorter ones).
        #expect(withIntervals == 152 * 7 * 14)
    }

    @Test("a second run keeps the first under archive/")
    func keepsEarlierRuns() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(try placeplan(["forecast", "--horizon", "2", "--out", out.path]).status == 0)
        let first = try String(contentsOf: out.appendingPathComponent("forecast.csv"), encoding: .utf8)
        #expect(try placeplan(["forecast", "--horizon", "3", "--out", out.path]).status == 0)
        let archive = out.appendingPathComponent("archive")
        let runs = try FileManager.default.contentsOfDirectory(atPath: archive.path)
        #expect(runs.count == 1)
        let archived = try String(contentsOf: archive.appendingPathComponent(runs[0]).appendingPathComponent("forecast.csv"),
                                  encoding: .utf8)
        #expect(archived == first)
    }
}

@Suite("placeplan explain, end to end")
struct ExplainCommandTests {
    @Test("explains a number from the census through each ratio, with housing, places and a school")
    func explainsANumber() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(try placeplan(["forecast", "--out", out.path]).status == 0)
        let forecast = try SimpleCSV(out.appendingPathComponent("forecast.csv"))
        let row = try #require(forecast.rows.first {
            $0[forecast.columns["area_code"]!] == "P01" && $0[forecast.columns["year"]!] == "2022"
                && $0[forecast.columns["year_group"]!] == "2"
        })
        let pupils = Double(row[forecast.columns["pupils"]!])!
        let result = try placeplan(["explain", "--area", "P01", "--year", "2022", "--year-group", "2", "--school", "PRI002"])
        #expect(result.status == 0, "\(result.stderr)")
        // The headline number is the forecast's, to one decimal.
        #expect(result.stdout.hasPrefix("Year 2 in P01 (Central (illustrative)), 2022/23: \(String(format: "%.1f", pupils))"))
        for fragment in ["Reception in 2020/21 = births 2016", "Year 1 in 2021/22 = Reception in 2020/21 × R->1 ratio",
                         "Year 2 in 2022/23 = Year 1 in 2021/22 × 1->2 ratio", "Housing:", "Places: 615 in Year 2",
                         "School PRI002"] {
            #expect(result.stdout.contains(fragment), "missing: \(fragment)")
        }
        let unknown = try placeplan(["explain", "--area", "P99", "--year", "2022", "--year-group", "2"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no forecast for area P99"))
    }
}
