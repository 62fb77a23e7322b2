import Foundation
import TestSupport
import Testing

/// The LA-total median |error| % of every method in `file` (accuracy.csv's columns), by "phase|horizon".
private func medians(_ url: URL) throws -> [String: [String: Double]] {
    let csv = try SimpleCSV(url)
    var result: [String: [String: Double]] = [:]
    for row in csv.rows where row[csv.columns["granularity"]!] == "la_total" {
        let key = "\(row[csv.columns["phase"]!])|\(row[csv.columns["horizon"]!])"
        result[key, default: [:]][row[csv.columns["method"]!]] = Double(row[csv.columns["median_abs_pct"]!])!
    }
    return result
}

/// Issue 14, item 5: tuned only on targets up to 2019/20, reported on targets 2020/21–2022/23 (1 year ahead from
/// origins 2019–2021, 3 years ahead from 2017–2019; 146 stable LAs, 438 forecasts a cell). Measured on 1 December
/// 2026 (median |error| % of LA totals, auto against the best fixed model):
///
/// | cell | without known intakes | with known intakes |
/// |---|---|---|
/// | primary 1y | 0.6841 vs regression 0.7647 | 0.5532 vs last 0.6246 |
/// | primary 3y | 0.9788 vs weighted321 0.9626 | 0.9322 vs weighted321 0.9419 |
/// | secondary 1y | 0.3478 vs shrink 0.3599 | 0.2633 vs shrink 0.2666 |
/// | secondary 3y | 0.8929 vs last 0.8880 | 0.8142 vs weighted321 0.8314 |
@Suite("auto against every fixed model on targets 2020/21–2022/23, with and without known intakes")
struct AutoAgainstFixedTests {
    @Test(
        "auto is the best in every cell given known intakes, and at 1 year without them",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func everyCell() throws {
        let data = try #require(nationalData)
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(
            nationalBacktestArguments(
                data,
                [
                    "--origins", "2017-2021",
                    "--horizons", "1-3", "--targets", "2020-2022", "--known-intakes", "--no-send", "--no-early-years",
                    "--out", out.path,
                ]))
        try #require(result.status == 0, "\(result.stderr)")
        let without = try medians(out.appendingPathComponent("accuracy.csv"))
        let with = try medians(out.appendingPathComponent("accuracy_known_intakes.csv"))
        let measured: [String: (Double, Double)] = [
            "primary|1": (0.6841, 0.5532), "primary|3": (0.9788, 0.9322),
            "secondary|1": (0.3478, 0.2633), "secondary|3": (0.8929, 0.8142),
        ]
        for (cell, (plain, known)) in measured {
            let (a, b) = (try #require(without[cell]), try #require(with[cell]))
            #expect(a.count == 11 && b.count == 11, "\(cell): \(a.keys.sorted())")
            #expect(abs(a["auto"]! - plain) < 0.0005 && abs(b["auto"]! - known) < 0.0005, "\(cell): auto moved")
            let bestFixedKnown = b.filter { $0.key != "auto" }.min { $0.value < $1.value }!
            #expect(b["auto"]! <= bestFixedKnown.value, "\(cell) with known intakes: \(bestFixedKnown)")
            let bestFixed = a.filter { $0.key != "auto" }.min { $0.value < $1.value }!
            if cell.hasSuffix("|1") {
                #expect(a["auto"]! <= bestFixed.value, "\(cell): \(bestFixed)")
            } else {
                // Out of reach so far: 3 years ahead without known intakes, auto is 1.7% (primary) and 0.6%
                // (secondary) behind the best fixed model; see docs/accuracy.md.
                withKnownIssue("auto behind \(bestFixed.key) at \(cell) without known intakes") {
                    #expect(a["auto"]! <= bestFixed.value, "\(cell): \(bestFixed)")
                }
            }
        }
    }
}
