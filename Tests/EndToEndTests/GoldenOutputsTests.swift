import Foundation
import PlaceIO
import TestSupport
import Testing

/// The committed SHA-256 of every forecast number: `Tests/EndToEndTests/Golden/outputs.sha256`, in the format of
/// `sha256sum` (`<64 hex>  <name>` per line, sorted by name), so `sha256sum -c` can check a run folder by hand.
private let goldenFile = repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Golden/outputs.sha256")

/// The outputs of `placeplan forecast` on the default inputs that hold forecast numbers. `run.json` (timestamps,
/// paths), `placeplan.xlsx` (its zip entries carry dates) and `report.html` (the run's date) are left out: they
/// are presentation of these same numbers.
private let forecastFiles = [
    "forecast.csv", "ratios.csv", "surplus.csv", "places_needed.csv", "build_needs.csv", "deficit_risk.csv",
    "send.csv", "specialist_places.csv", "early_years.csv",
]

/// The name of the national backtest's accuracy table in the golden file.
private let nationalAccuracy = "national-backtest/accuracy.csv"

/// `PLACEPLAN_SERIAL=1` when `serial`: every job one after another.
private func serialEnvironment(_ serial: Bool) -> [String: String] { serial ? ["PLACEPLAN_SERIAL": "1"] : [:] }

/// Reads the golden file as name → checksum (empty when it does not exist yet).
private func readGolden() throws -> [String: String] {
    guard FileManager.default.fileExists(atPath: goldenFile.path) else { return [:] }
    var sums: [String: String] = [:]
    for line in try String(contentsOf: goldenFile, encoding: .utf8).split(separator: "\n") {
        let parts = line.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { continue }
        sums[parts[1].trimmingCharacters(in: .whitespaces)] = String(parts[0])
    }
    return sums
}

/// Compares `actual` (name → checksum) with the golden file; with `UPDATE_GOLDEN=1` in the environment, writes
/// them into it instead (other names kept).
private func checkAgainstGolden(_ actual: [String: String]) throws {
    var golden = try readGolden()
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        golden.merge(actual) { _, new in new }
        let text = golden.keys.sorted().map { "\(golden[$0]!)  \($0)\n" }.joined()
        try FileManager.default.createDirectory(
            at: goldenFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: goldenFile, atomically: true, encoding: .utf8)
        return
    }
    for (name, checksum) in actual.sorted(by: { $0.key < $1.key }) {
        #expect(
            golden[name] == checksum,
            """
            \(name) changed (SHA-256 \(checksum), golden \(golden[name] ?? "missing")): a forecast number moved. \
            If the change is deliberate, rerun with UPDATE_GOLDEN=1 and commit Golden/outputs.sha256 with it.
            """)
    }
}

/// "No change to any forecast number" (issue 15): the SHA-256 of the default city's forecast outputs and of the
/// national backtest's accuracy table against the values committed in `Golden/outputs.sha256`. Any change to a
/// number, even in the last decimal written, fails here; a deliberate change (a method, a rule, new data) is
/// recorded by running the tests with `UPDATE_GOLDEN=1` (e.g. `UPDATE_GOLDEN=1 swift test --filter
/// GoldenOutputsTests`), which rewrites the file, and committing it with the change and its reason.
/// Each run is made twice: on every core, and one job after another (`PLACEPLAN_SERIAL=1`, see `Parallel`), so
/// the parallel runs are shown bit-identical to the serial ones.
@Suite("No change to any forecast number: golden checksums", .serialized)
struct GoldenOutputsTests {
    @Test("the default city's forecast outputs match Golden/outputs.sha256", arguments: [false, true])
    func defaultCityForecast(serial: Bool) throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(["forecast", "--out", out.path], environment: serialEnvironment(serial))
        #expect(result.status == 0, "\(result.stderr)")
        var actual: [String: String] = [:]
        for name in forecastFiles {
            let data = try Data(contentsOf: out.appendingPathComponent(name))
            actual[name] = RunDirectory.checksum(of: data)
        }
        try checkAgainstGolden(actual)
    }

    @Test(
        "the national backtest of every model (2017-2021, 1-3 years, targets 2020-2022) matches the golden accuracy",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)), arguments: [false, true])
    func nationalBacktest(serial: Bool) throws {
        let data = try #require(nationalData)
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(
            nationalBacktestArguments(
                data,
                [
                    "--origins", "2017-2021", "--horizons", "1-3", "--targets", "2020-2022",
                    "--no-send", "--no-early-years", "--out", out.path,
                ]), environment: serialEnvironment(serial))
        #expect(result.status == 0, "\(result.stderr)")
        let accuracy = try Data(contentsOf: out.appendingPathComponent("accuracy.csv"))
        try checkAgainstGolden([nationalAccuracy: RunDirectory.checksum(of: accuracy)])
    }
}
