import Foundation
import TestSupport
import Testing

/// A copy of the default inputs without any early-years file, plus the given ones.
private func inputsCopy(_ files: [String: String] = [:]) throws -> URL {
    let folder = try temporaryDirectory().appendingPathComponent("inputs")
    try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("inputs"), to: folder)
    for name in ["early_years.csv", "early_years_providers.csv", "early_years.yaml"] {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
    }
    for (name, text) in files {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return folder
}

private let takeUp = """
    area_code,year,funded_2yo,pct_2yo,funded_3_4yo,pct_3_4yo
    E06000045,2021,658,66.7,5150,90.7
    E06000045,2022,642,74.9,5122,89.1
    E06000045,2023,535,69.9,4964,87.3
    E06000045,2024,472,64.4,4814,83.9

    """

private let providerHeader =
    "provider_id,provider_name,area_code,type,places_under_2,places_2yo,places_3_4yo,hours_per_week\n"
private let providers =
    providerHeader
    + (1...6).map { "EY0\($0),Nursery \($0),P0\($0),pvi,200,300,700,50" }.joined(separator: "\n") + "\n"

@Suite("placeplan and early years", .serialized)
struct EarlyYearsCommandTests {
    @Test("without early_years.csv the forecast runs and says in one line that early years is skipped")
    func absent() throws {
        let inputs = try inputsCopy()
        defer { try? FileManager.default.removeItem(at: inputs.deletingLastPathComponent()) }
        let out = inputs.deletingLastPathComponent().appendingPathComponent("out")
        let result = try placeplan(["forecast", "--inputs", inputs.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Early years: skipped (no early_years.csv in the inputs)."))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("early_years.csv").path))
    }

    @Test("with take-up and providers: early_years.csv, the summary section, run.json and explain")
    func present() throws {
        let inputs = try inputsCopy(["early_years.csv": takeUp, "early_years_providers.csv": providers])
        defer { try? FileManager.default.removeItem(at: inputs.deletingLastPathComponent()) }
        let out = inputs.deletingLastPathComponent().appendingPathComponent("out")
        let result = try placeplan(["forecast", "--inputs", inputs.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Early years: funded children by area"))
        let csv = try String(contentsOf: out.appendingPathComponent("early_years.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(
            lines[0]
                == "area_code,year,age_band,population,eligible_share,take_up,funded_trend,reception_children,"
                + "entitlement_children,total_children,demand_places,places,surplus,surplus_pct,target_pct,status,"
                + "areas_short,places_short,academic_year")
        // The default city's 7 primary areas + the LA, 3 age bands, 7 years (2025-2031).
        #expect(lines.count == 1 + 8 * 3 * 7)
        #expect(lines.contains { $0.hasPrefix("E06000045,2025,3-4,") })
        let record = try String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8)
        #expect(record.contains("early_years.csv") && record.contains("early_years_providers.csv"))
        let explain = try placeplan([
            "explain", "--early-years", "P01", "--year", "2026", "--age", "3-4", "--inputs", inputs.path,
        ])
        #expect(explain.status == 0, "\(explain.stderr)")
        for step in [
            "births → population", "take-up", "funded (trend)", "minus Reception", "new entitlement", "surplus",
        ] {
            #expect(explain.stdout.contains(step), "\(step)")
        }
    }

    @Test("a bad provider row: located error, status 1, nothing written")
    func badProvider() throws {
        let inputs = try inputsCopy([
            "early_years.csv": takeUp, "early_years_providers.csv": providerHeader + "EY01,A,P01,nanny,1,1,1,15\n",
        ])
        defer { try? FileManager.default.removeItem(at: inputs.deletingLastPathComponent()) }
        let out = inputs.deletingLastPathComponent().appendingPathComponent("out")
        let result = try placeplan(["forecast", "--inputs", inputs.path, "--out", out.path])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("early_years_providers.csv:2: column 'type' (4): 'nanny' is not a provider type"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("scenario run: an early_years scenario against the base; an unknown provider is an error")
    func scenario() throws {
        let inputs = try inputsCopy(["early_years.csv": takeUp, "early_years_providers.csv": providers])
        let folder = inputs.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("more.yaml")
        let text =
            "name: more\nearly_years: { take_up_change_pct: -10, provider_places: [{ provider_id: EY01, "
            + "places_3_4yo: 900 }] }\n"
        try text.write(to: good, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try placeplan(["scenario", "run", good.path, "--inputs", inputs.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Early years in 2031/32"))
        let csv = try String(contentsOf: out.appendingPathComponent("scenarios_early_years.csv"), encoding: .utf8)
        // EY01's 200 more 50-hour places are 400 more 15-hour places.
        #expect(
            csv.contains("more,P01,2025,3-4,")
                && csv.split(separator: "\n").contains {
                    $0.hasPrefix("more,P01,2025,3-4,") && $0.hasSuffix(",400,2025/26")
                })
        let bad = folder.appendingPathComponent("bad.yaml")
        try "early_years: { provider_places: [{ provider_id: NOPE, places_2yo: 1 }] }\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let failed = try placeplan(["scenario", "run", bad.path, "--inputs", inputs.path, "--out", out.path + "2"])
        #expect(failed.status == 1 && failed.stderr.contains("unknown provider 'NOPE'"))
    }

    /// The national early-years backtest (stable LAs, 1 and 2 years ahead; here origins 2017-2018). Over origins
    /// 2017-2023 the figures were: median |error| at 1 year auto 1.83%, last 1.53%, naive 1.71%; at 2 years 2.69%,
    /// 2.38%, 3.47%.
    @Test(
        "national: funded 3-4-year-olds backtested by LA, 1 and 2 years ahead, against the naive count",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func national() throws {
        let data = try #require(nationalData)
        guard FileManager.default.fileExists(atPath: data.appendingPathComponent("early_years.csv").path) else {
            Issue.record("the national data have no early_years.csv")
            return
        }
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan([
            "backtest", "--pupils", data.appendingPathComponent("pupils.csv").path, "--births",
            data.appendingPathComponent("births.csv").path, "--model", "standard", "--origins", "2017-2018",
            "--horizons", "1-2", "--no-send", "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Funded 3-4-year-olds, LA totals"))
        // --origins applies to the early-years backtest too.
        #expect(result.stdout.contains("(origins 2017/18–2018/19;"), "\(result.stdout)")
        let rows = try SimpleCSV(out.appendingPathComponent("early_years_accuracy.csv"))
        var median: [String: Double] = [:]
        for row in rows.rows {
            median[row[rows.columns["method"]!] + "|" + row[rows.columns["horizon"]!]] =
                Double(row[rows.columns["median_abs_pct"]!])
        }
        for method in ["auto", "last", "mean3", "damped_trend", "naive"] {
            for horizon in [1, 2] {
                let value = try #require(median["\(method)|\(horizon)"], "\(method) \(horizon)")
                #expect(value > 0 && value < 10, "\(method) \(horizon)y: \(value)")
            }
        }
        // Take-up times births beats the naive count 2 years ahead (births fall; the count held over-forecasts).
        #expect(median["last|2"]! < median["naive|2"]!)
    }
}
