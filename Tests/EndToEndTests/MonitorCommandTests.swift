import Foundation
import TestSupport
import Testing

/// A forecast run of a small folder, made once per test into `folder/run`.
private func forecastRun(in folder: URL, pupils: String, births: String) throws -> URL {
    let inputs = folder.appendingPathComponent("inputs")
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    try pupils.write(to: inputs.appendingPathComponent("pupils.csv"), atomically: true, encoding: .utf8)
    try births.write(to: inputs.appendingPathComponent("births.csv"), atomically: true, encoding: .utf8)
    let run = folder.appendingPathComponent("run")
    let result = try placeplan(["forecast", "--inputs", inputs.path, "--out", run.path])
    #expect(result.status == 0, "\(result.stderr)")
    return run
}

@Suite("placeplan monitor")
struct MonitorCommandTests {
    /// Three LAs of the national data to 2021/22, forecast, then monitored against their 2022/23 census (plus
    /// one LA that was not forecast, which is warned about by name).
    @Test(
        "national: forecast to 2021/22, monitored against 2022/23; actuals as in the census, error = forecast − actual",
        .enabled(if: nationalData != nil, "\(nationalDataMissing)"))
    func nationalRoundTrip() throws {
        let national = try #require(nationalData)
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let las: Set<String> = ["E06000001", "E06000045", "E08000025"]
        let extra = "E06000002"
        let source = try SimpleCSV(national.appendingPathComponent("pupils.csv"))
        let header = "area_code,area_name,year,year_group,pupils"
        func line(_ row: [String]) -> String {
            row.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
        }
        var history = [header]
        var census = [header]
        // Independently summed actuals: LA × phase, and all three LAs × phase (Year 14 is not forecast).
        var actual: [String: Double] = [:]
        for row in source.rows {
            let code = row[source.columns["area_code"]!]
            let year = Int(row[source.columns["year"]!])!
            let group = row[source.columns["year_group"]!]
            if las.contains(code) && year <= 2021 { history.append(line(row)) }
            if (las.contains(code) || code == extra) && year == 2022 {
                census.append(line(row))
                guard las.contains(code), group != "14" else { continue }
                let index = group == "R" ? 0 : Int(group)!
                let phase = index <= 6 ? "primary" : index <= 11 ? "secondary" : "sixth_form"
                let pupils = Double(row[source.columns["pupils"]!])!
                actual["\(code)|\(phase)", default: 0] += pupils
                actual["LA|\(phase)", default: 0] += pupils
            }
        }
        let births = try String(contentsOf: national.appendingPathComponent("births.csv"), encoding: .utf8)
        let run = try forecastRun(
            in: folder, pupils: history.joined(separator: "\n") + "\n", births: births)
        let censusFile = folder.appendingPathComponent("census2022.csv")
        try (census.joined(separator: "\n") + "\n").write(to: censusFile, atomically: true, encoding: .utf8)

        let out = folder.appendingPathComponent("monitor")
        let result = try placeplan(["monitor", "--run", run.path, "--census", censusFile.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Warning:") && result.stderr.contains("\(extra) (Middlesbrough)"))
        #expect(result.stdout.contains("2022/23, forecast made 1 year earlier"))
        #expect(result.stdout.contains("DfE-style 1-year accuracy"))
        print(result.stdout)

        // The forecast's own totals, summed from forecast.csv.
        let forecastCSV = try SimpleCSV(run.appendingPathComponent("forecast.csv"))
        var forecast: [String: Double] = [:]
        for row in forecastCSV.namedRows where row["year"] == "2022" {
            let pupils = Double(row["pupils"]!)!
            forecast["\(row["area_code"]!)|\(row["phase"]!)", default: 0] += pupils
            forecast["LA|\(row["phase"]!)", default: 0] += pupils
        }
        let monitoring = try SimpleCSV(out.appendingPathComponent("monitoring.csv"))
        #expect(monitoring.rows.count == 12, "3 LAs × 3 phases, then the LA rows")
        for row in monitoring.namedRows {
            let key = "\(row["level"] == "la" ? "LA" : row["area_code"]!)|\(row["phase"]!)"
            #expect(row["year"] == "2022" && row["academic_year"] == "2022/23" && row["horizon"] == "1")
            let expectedActual = try #require(actual[key], "\(key)")
            #expect(Double(row["actual"]!)! == expectedActual, "\(key): actual \(row["actual"]!) vs \(expectedActual)")
            #expect(abs(Double(row["forecast"]!)! - forecast[key]!) < 0.01, "\(key): forecast")
            let error = Double(row["forecast"]!)! - Double(row["actual"]!)!
            #expect(abs(Double(row["error"]!)! - error) < 0.002, "\(key): error = forecast − actual")
            #expect(abs(Double(row["error_pct"]!)! - error / expectedActual * 100) < 0.006, "\(key): error_pct")
            #expect(row["interval_convention"] == "sum_of_year_group_bounds")
        }
        let la = monitoring.namedRows.filter { $0["level"] == "la" }
        #expect(la.map { $0["area_code"]! } == ["LA", "LA", "LA"])

        let cells = try SimpleCSV(out.appendingPathComponent("monitoring_cells.csv"))
        #expect(cells.rows.count == 3 * 14)
        for row in cells.namedRows {
            let error = Double(row["forecast"]!)! - Double(row["actual"]!)!
            #expect(abs(Double(row["error"]!)! - error) < 0.002)
            if let low = Double(row["lower_80"]!), let high = Double(row["upper_80"]!) {
                let inside = (low...high).contains(Double(row["actual"]!)!)
                #expect(row["inside_80"] == (inside ? "1" : "0"))
            }
        }
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json")))
        let fields = try #require(record as? [String: Any])
        #expect(fields["command"] as? String == "monitor" && fields["origin"] as? Int == 2021)
        #expect(fields["files"] as? [String] == ["monitoring.csv", "monitoring_cells.csv", "monitor.xlsx"])
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("monitor.xlsx").path))
    }

    private static let smallPupils =
        (["area_code,area_name,year,year_group,pupils"]
        + (2017...2019).flatMap { year in ["R", "1", "2"].map { "A,Alpha,\(year),\($0),100" } })
        .joined(separator: "\n") + "\n"
    private static let smallBirths = "area_code,year,births\nA,2013,110\nA,2014,110\nA,2015,110\nA,2016,110\n"

    @Test("a small run monitored against its 2020/21 census; bad inputs exit 1 and write nothing")
    func smallRunAndBadInputs() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try forecastRun(in: folder, pupils: Self.smallPupils, births: Self.smallBirths)
        func write(_ name: String, _ text: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let census = try write(
            "census.csv", "area_code,area_name,year,year_group,pupils\nA,Alpha,2020,R,90\nA,Alpha,2020,1,100\n")
        let good = folder.appendingPathComponent("good")
        let ok = try placeplan(["monitor", "--run", run.path, "--census", census, "--out", good.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("Primary: forecast"))
        #expect(ok.stderr.contains("forecast year-group cell") == false)

        let out = folder.appendingPathComponent("out")
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let noOverlap = try write("old.csv", "area_code,area_name,year,year_group,pupils\nA,Alpha,2019,R,90\n")
        let badLine = try write(
            "bad.csv", "area_code,area_name,year,year_group,pupils\nA,Alpha,2020,R,90\nA,Alpha,2020,1,many\n")
        let cases: [([String], String)] = [
            (["--run", empty.path, "--census", census], "\(empty.path)/forecast.csv: file not found"),
            (
                ["--run", folder.appendingPathComponent("nowhere").path, "--census", census],
                "\(folder.appendingPathComponent("nowhere").path): the run folder does not exist"
            ),
            (
                ["--run", run.path, "--census", noOverlap],
                "\(noOverlap): no academic year is in both the forecast (2020/21 to"
            ),
            (["--run", run.path, "--census", badLine], "\(badLine):3: column 'pupils' (5): 'many' is not a number"),
            (["--run", run.path, "--census", census + ".missing"], "\(census).missing: file not found"),
        ]
        for (arguments, message) in cases {
            let result = try placeplan(["monitor"] + arguments + ["--out", out.path])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("Error: \(message)"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
        }
        // The run folder itself as --out would archive the forecast away: refused.
        let same = try placeplan(["monitor", "--run", run.path, "--census", census, "--out", run.path])
        #expect(same.status == 1 && same.stderr.contains("the output folder is the forecast run folder"))
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("forecast.csv").path))
    }
}
