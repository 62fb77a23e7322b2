import Foundation
import PlaceForecast
import PlaceIO

/// The backtest set beside the LAs' own forecasts (DfE school places scorecards).
public struct ScorecardsOutcome: Sendable {
    /// The scorecards file read, as given or found.
    public let path: String
    public let comparisons: [ScorecardComparison]
    /// LAs compared (the most of any single target's cell): stable LAs with a published score and a forecast.
    public let areasCompared: Int
    /// The printed table (empty when nothing could be compared).
    public let table: String
    /// What was not compared, and why (targets outside --targets, origins or horizons not run, LAs left out).
    public let notes: [String]
    /// `scorecards_comparison.csv`.
    public let file: (String, String)
    /// `scorecards_by_la.csv`: each LA's own error beside each method's.
    public let byLAFile: (String, String)
}

/// Finding and reading `scorecards.csv`, and comparing the backtest cells with it.
enum ScorecardsPipeline {
    /// The scorecards file: `explicit` (an error when it does not exist), else `scorecards.csv` beside the pupils
    /// file (or in the inputs folder) when there; nil when none is found.
    static func locate(_ explicit: String?, locations: InputLocations) throws(InputError) -> String? {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw InputError(
                    file: explicit, problem: "file not found",
                    hint: "Give the path of scorecards.csv (area_code,target_year,For_1_P,For_3_P,For_1_S,For_3_S)")
            }
            return explicit
        }
        let folder =
            locations.inputs
            ?? locations.pupils.map { ($0 as NSString).deletingLastPathComponent } ?? InputSet.defaultInputs
        let path = (folder as NSString).appendingPathComponent("scorecards.csv")
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The scorecards file read: its path, its scores, and its size and SHA-256 for the run record.
    struct File: Sendable {
        let path: String
        let scores: [LAScore]
        let bytes: Int
        let checksum: String

        /// The run record's `scorecards` entry.
        var record: [String: Any] { ["path": path, "bytes": bytes, "sha256": checksum] }
    }

    /// The scores of the scorecards file at `path` (read before the backtest runs, so a bad file stops it early).
    static func read(_ path: String) throws(InputError) -> File {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(
                file: path, problem: "cannot read the file (\(error.localizedDescription))", hint: "Check the path")
        }
        let scores = try ScorecardsReader.scores(CSVTable(data: data, file: path))
        return File(path: path, scores: scores, bytes: data.count, checksum: RunDirectory.checksum(of: data))
    }

    /// Compares `cells` (already restricted to the scored areas and targets) with the scores read from `file`.
    /// `isScored` says whether a target is within --targets; `origins` and `horizons` are what was run.
    static func compare(
        _ file: File, cells: [BacktestCell], isScored: (AcademicYear) -> Bool,
        origins: ClosedRange<AcademicYear>, horizons: ClosedRange<Int>
    ) -> ScorecardsOutcome {
        let (path, scores) = (file.path, file.scores)
        let comparisons = Scorecards.compare(cells, with: scores)
        var notes: [String] = []
        for (target, horizon) in Scorecards.uncovered(scores, by: cells) {
            let origin = target.advanced(by: -horizon)
            let what = "The LAs' \(horizon)-year forecasts of \(target) are not compared"
            if !isScored(target) {
                notes.append("\(what): \(target) is outside --targets.")
            } else if !origins.contains(origin) || !horizons.contains(horizon) {
                notes.append(
                    "\(what): that needs origin \(origin.startYear) in --origins (run: \(origins.lowerBound.startYear)-"
                        + "\(origins.upperBound.startYear)) and horizon \(horizon) in --horizons (run: "
                        + "\(horizons.lowerBound)-\(horizons.upperBound)).")
            } else {
                notes.append("\(what): no area has both a forecast from \(origin.startYear) and a census of \(target).")
            }
        }
        if scores.contains(where: { $0.column != $0.horizon }) {
            let targets = Set(scores.filter { $0.column != $0.horizon }.map(\.target)).sorted()
            notes.append(
                "The 3-year scores of " + targets.map(\.description).joined(separator: ", ")
                    + " are DfE's 2-year scores (SCAP 2020 was cancelled; the scorecard compared the SCAP21 forecast "
                    + "two years ahead), so they are set beside forecasts 2 years ahead.")
        }
        let compared = Set(comparisons.flatMap(\.compared).map(\.areaCode))
        let published = Set(scores.filter { isScored($0.target) }.map(\.areaCode))
        let left = published.subtracting(compared)
        if !comparisons.isEmpty, !left.isEmpty {
            notes.append(
                "\(left.count) LA(s) with a published score are not compared (not stable in the areas file, or not "
                    + "forecast): \(left.sorted().joined(separator: ", ")).")
        }
        let areasCompared = comparisons.filter { $0.target != nil }.map(\.count).max() ?? 0
        return ScorecardsOutcome(
            path: path, comparisons: comparisons, areasCompared: areasCompared,
            table: comparisons.isEmpty ? "" : ScorecardReport.table(comparisons), notes: notes,
            file: ("scorecards_comparison.csv", ScorecardReport.csv(comparisons)),
            byLAFile: ("scorecards_by_la.csv", ScorecardReport.byLACSV(Scorecards.byLA(cells, with: scores))))
    }
}
