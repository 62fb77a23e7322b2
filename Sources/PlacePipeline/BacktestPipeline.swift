import Foundation
import PlaceForecast
import PlaceIO

/// What a backtest compares and scores. Years are academic years (named by their starting calendar year);
/// horizons are whole years after the origin.
public struct BacktestOptions: Sendable {
    /// Where the pupils, births and EHC plan files are (`model` is not used: see `models`).
    public var locations: InputLocations
    /// Model files or names to compare; empty: every `models/*.yaml`.
    public var models: [String]
    /// Areas file with `area_code,stable`; areas with stable=false are left out (default: areas.csv beside the
    /// pupils file, if there is one).
    public var areas: String?
    /// Origins to run and score; nil: the second year of data to the year before the last.
    public var origins: ClosedRange<AcademicYear>?
    public var horizons: ClosedRange<Int>
    /// Target years to score; nil: every observed target. Earlier targets still calibrate the intervals.
    public var targets: ClosedRange<AcademicYear>?
    /// Run the SEND backtest when EHC plan data are found.
    public var includeSend: Bool
    /// Run the early-years backtest when early_years.csv is found (`locations.earlyYears`, or beside the pupils).
    public var includeEarlyYears: Bool = true
    /// Stop, writing nothing, when an area cannot be forecast from every origin (by default it is named and the
    /// origins it covers are used).
    public var strict = false
    /// Also run every model with known intakes: each origin's forecast given the actual Reception and Year 7 of
    /// the first forecast year (origin + 1), what an LA knows from admissions offers by April; scored as usual.
    public var knownIntakes = false
    /// The LAs' own forecast errors (DfE scorecards) to set the backtest beside; nil: scorecards.csv beside the
    /// pupils file (or in the inputs folder) when there. A path that does not exist is an error.
    public var scorecards: String? = nil

    public init(
        locations: InputLocations, models: [String] = [], areas: String? = nil,
        origins: ClosedRange<AcademicYear>? = nil, horizons: ClosedRange<Int> = 1...7,
        targets: ClosedRange<AcademicYear>? = nil, includeSend: Bool = true, includeEarlyYears: Bool = true
    ) {
        self.includeEarlyYears = includeEarlyYears
        self.locations = locations
        self.models = models
        self.areas = areas
        self.origins = origins
        self.horizons = horizons
        self.targets = targets
        self.includeSend = includeSend
    }
}

/// A backtest's results: the files to write, the scores, and the run record.
public struct BacktestOutcome {
    /// (file name, CSV text): backtest.csv, accuracy.csv, and send_backtest.csv, send_accuracy.csv with SEND.
    public let files: [(String, String)]
    public let summaries: [AccuracySummary]
    /// The SEND accuracy table, when the SEND backtest ran.
    public let sendTable: String?
    /// Set when EHC plan data were found but too short to backtest.
    public let sendNote: String?
    /// The early-years accuracy table, when the early-years backtest ran; or why it did not.
    public var earlyYearsTable: String? = nil
    public var earlyYearsNote: String? = nil
    public let record: [String: Any]
    /// Areas not forecast from every origin (no births; data that end before the last origin).
    public var skipped: [SkippedArea] = []
    /// With `knownIntakes`: the scores of the forecasts given the actual entry of the first forecast year.
    public var knownIntakeSummaries: [AccuracySummary]? = nil
    /// Each year group's share of the 1-year absolute error, primary then secondary, by method: without known
    /// intakes, and (with `knownIntakes`) with them.
    public var errorShares: [ErrorShares] = []
    public var knownIntakeErrorShares: [ErrorShares] = []
    /// What was tolerated or looks implausible in the inputs (as every command prints).
    public var warnings: [String] = []
    /// The comparison with the LAs' own forecasts, when a scorecards file was given or found.
    public var scorecards: ScorecardsOutcome? = nil
    /// The same comparison for the forecasts given known intakes (with `knownIntakes`).
    public var knownIntakeScorecards: ScorecardsOutcome? = nil
}

/// Rolling-origin backtests of every model side by side, and of the SEND methods.
public enum BacktestPipeline {
    /// Chooses the origins, runs every model from each with only the data known then, scores against what
    /// happened, and (with EHC plan data) runs the SEND backtest. `version` goes into the run record.
    public static func run(_ options: BacktestOptions, version: String) throws -> BacktestOutcome {
        var locations = options.locations
        let beside = { (name: String) -> String? in
            guard locations.inputs == nil, let pupils = locations.pupils else { return nil }
            let path = ((pupils as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        let ehcpFile = locations.ehcp ?? beside("ehcp.csv")
        locations.ehcpNew =
            locations.ehcpNew
            ?? ehcpFile.map {
                (($0 as NSString).deletingLastPathComponent as NSString).appendingPathComponent("ehcp_new.csv")
            }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        locations.ehcp = ehcpFile
        if options.includeEarlyYears { locations.earlyYears = locations.earlyYears ?? beside("early_years.csv") }
        locations.model = nil
        let loaded = try InputSet.load(locations)
        let methods = try InputSet.models(options.models).map(ForecastMethod.fixed)
        let scored = try InputSet.stableAreas(areasFile: options.areas, pupilsFile: locations.pupils)
        let scorecardsFile = try ScorecardsPipeline.locate(options.scorecards, locations: locations)
        let scores = try scorecardsFile.map { path throws(InputError) in try ScorecardsPipeline.read(path) }
        // Areas outside the stable set (reorganised LAs) are left out of the data, not only the scores.
        let data = scored.map { loaded.forecastInputs.restricted(to: $0) } ?? loaded.forecastInputs
        guard let first = data.pupils.histories.map(\.firstYear).min(), let last = data.pupils.lastYear else {
            throw ForecastError.noPupils
        }
        guard options.origins != nil || first.advanced(by: 1) <= last.advanced(by: -1) else {
            throw PipelineError("pupils cover \(first) to \(last) only: a backtest needs at least three years")
        }
        let originRange = options.origins ?? first.advanced(by: 1)...last.advanced(by: -1)
        let skipped = skippedAreas(data, lastOrigin: originRange.upperBound)
        if options.strict, !skipped.isEmpty {
            throw PipelineError(
                "--strict: \(skipped.count) area(s) cannot be forecast from every origin: "
                    + skipped.map { "\($0.area.code) (\($0.area.name)): \($0.reason)" }.joined(separator: "; ")
                    + ". Nothing was written")
        }
        let isScored = { (target: AcademicYear) in options.targets?.contains(target) ?? true }
        /// The scored cells, their interval checks and summaries, without or with known intakes.
        func score(knownIntakes: Bool) throws -> ([BacktestCell], [IntervalCheck], [AccuracySummary]) {
            let cells = try Backtest.run(
                data, methods: methods, origins: Array(originRange),
                horizons: options.horizons, areas: scored, knownIntakes: knownIntakes)
            let checks = Backtest.intervalChecks(cells, firstDataYear: first).filter { isScored($0.cell.target) }
            let scoredCells = cells.filter { isScored($0.target) }
            return (scoredCells, checks, AccuracySummary.summarise(scoredCells, checks: checks))
        }
        func shares(_ cells: [BacktestCell]) -> [ErrorShares] {
            ErrorShares.of(cells, phase: .primary, horizon: 1) + ErrorShares.of(cells, phase: .secondary, horizon: 1)
        }
        let (scoredCells, checks, summaries) = try score(knownIntakes: false)
        var files = [
            ("backtest.csv", BacktestReport.cellsCSV(scoredCells, checks: checks)),
            ("accuracy.csv", BacktestReport.accuracyCSV(summaries)),
        ]
        var known: (cells: [BacktestCell], summaries: [AccuracySummary])?
        if options.knownIntakes {
            let (knownCells, knownChecks, knownSummaries) = try score(knownIntakes: true)
            files += [
                ("backtest_known_intakes.csv", BacktestReport.cellsCSV(knownCells, checks: knownChecks)),
                ("accuracy_known_intakes.csv", BacktestReport.accuracyCSV(knownSummaries)),
            ]
            known = (knownCells, knownSummaries)
        }
        let scorecards = scores.map {
            ScorecardsPipeline.compare(
                $0, cells: scoredCells, isScored: isScored, origins: originRange, horizons: options.horizons)
        }
        if let scorecards { files += [scorecards.file, scorecards.byLAFile] }
        let knownScorecards = scores.flatMap { scores in
            known.map {
                ScorecardsPipeline.compare(
                    scores, cells: $0.cells, isScored: isScored, origins: originRange, horizons: options.horizons)
            }
        }
        if let knownScorecards {
            files += [
                ("scorecards_comparison_known_intakes.csv", knownScorecards.file.1),
                ("scorecards_by_la_known_intakes.csv", knownScorecards.byLAFile.1),
            ]
        }
        var sendTable: String?
        var sendNote: String?
        if let caseload = loaded.caseload, options.includeSend {
            let census = data.pupils
            let pupilTotals = loaded.pupilBase { area, year in
                census[area].map { history in
                    YearGroup.projected.reduce(0) { $0 + (history.pupils(year, $1) ?? 0) }
                }
            }
            let population = SendPipeline.population(
                loaded, pupils: { area, year, group in census[area]?.pupils(year, group) })
            switch SendPipeline.backtest(
                caseload, origins: options.origins, horizons: options.horizons,
                pupils: pupilTotals, areas: scored, isScored: isScored, population: population)
            {
            case .success(let send):
                files += send.files
                sendTable = send.table
            case .failure(let note):
                sendNote = note.message
            }
        }
        var earlyYearsTable: String?
        var earlyYearsNote: String?
        if let earlyYears = loaded.earlyYears, options.includeEarlyYears {
            switch EarlyYearsPipeline.backtest(
                earlyYears.history, births: data.births, origins: options.origins, horizons: options.horizons,
                areas: scored)
            {
            case .success(let result):
                files += result.files
                earlyYearsTable = result.table
            case .failure(let note):
                earlyYearsNote = note.message
            }
        }
        func text(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)-\(range.upperBound)" }
        var record: [String: Any] = [
            "command": "backtest", "placeplan_version": version,
            "models": methods.map(\.name),
            "origins": text(originRange.lowerBound.startYear...originRange.upperBound.startYear),
            "horizons": text(options.horizons),
            "targets": options.targets.map { text($0.lowerBound.startYear...$0.upperBound.startYear) } ?? "all",
            "known_intakes": options.knownIntakes,
            "inputs": loaded.filesRecord,
            "skipped_areas": skipped.map { ["area_code": $0.area.code, "reason": $0.reason] },
        ]
        if let scores { record["scorecards"] = scores.record }
        var outcome = BacktestOutcome(
            files: files, summaries: summaries, sendTable: sendTable, sendNote: sendNote,
            record: record)
        outcome.earlyYearsTable = earlyYearsTable
        outcome.earlyYearsNote = earlyYearsNote
        outcome.skipped = skipped
        outcome.errorShares = shares(scoredCells)
        outcome.knownIntakeSummaries = known?.summaries
        outcome.knownIntakeErrorShares = known.map { shares($0.cells) } ?? []
        outcome.scorecards = scorecards
        outcome.knownIntakeScorecards = knownScorecards
        outcome.warnings = loaded.warnings
        return outcome
    }

    /// Areas of `data` a backtest cannot forecast from every origin up to `lastOrigin`: those with Reception pupils
    /// but no births (never forecast) and those whose pupils end before `lastOrigin` (forecast from the origins
    /// their data cover).
    static func skippedAreas(_ data: ForecastInputs, lastOrigin: AcademicYear) -> [SkippedArea] {
        data.pupils.histories.sorted { $0.area.code < $1.area.code }.compactMap { history in
            let hasReception = history.years.contains { (history.pupils($0, .reception) ?? 0) > 0 }
            if hasReception, data.births.byArea[history.area.code]?.isEmpty != false {
                return SkippedArea(
                    area: history.area,
                    reason: "it has Reception pupils but no births in the births file, so it "
                        + "is forecast from no origin")
            }
            guard history.lastYear < lastOrigin else { return nil }
            return SkippedArea(
                area: history.area,
                reason: "its data end in \(history.lastYear), so it is forecast from origins up to then only")
        }
    }
}
