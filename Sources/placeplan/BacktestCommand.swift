import ArgumentParser
import Foundation
import PlaceForecast
import PlaceIO
import PlacePipeline

/// `placeplan backtest`: rolling-origin backtests of every model side by side.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Forecast from past origins with only the data known then, and score against what happened.",
        discussion: """
            Writes OUT/backtest.csv (every forecast against its actual) and OUT/accuracy.csv (median and mean \
            absolute error, bias, share within 1% and 2%, by method, phase and horizon, for area totals and \
            single year groups), and prints the DfE-style table: area totals, primary and secondary, 1 and 3 \
            years ahead.
            """
    )

    @OptionGroup var data: DataOptions

    @Option(
        name: .customLong("model"),
        help: "Model file to compare (repeatable). Default: every models/*.yaml but comparators.yaml.")
    var models: [String] = []

    @Option(
        help: """
            Areas file with area_code and stable columns; areas with stable=false are not scored (default: areas.csv \
            beside the pupils file, if there is one).
            """)
    var areas: String?

    @Option(help: "Origins as A-B (academic years; default: the second year of data to the year before the last).")
    var origins: String?

    @Option(help: "Horizons as A-B.")
    var horizons: String = "1-7"

    @Option(
        help: """
            Score only forecasts whose target academic year is in A-B (default: every observed target). \
            Earlier targets still calibrate the intervals.
            """)
    var targets: String?

    @Option(help: "EHC plans file for the SEND backtest (default: ehcp.csv in --inputs, or beside the pupils file).")
    var ehcp: String?

    @Option(
        name: .customLong("ehcp-new"),
        help: """
            New EHC plans file for the flow model (default: ehcp_new.csv beside ehcp.csv).
            """)
    var ehcpNew: String?

    @Flag(name: .customLong("no-send"), help: "Skip the SEND backtest even when EHC plan data are found.")
    var noSend = false

    @Option(
        name: .customLong("early-years"),
        help: """
            Funded early education file for the early-years backtest (default: early_years.csv in --inputs, or \
            beside the pupils file).
            """)
    var earlyYears: String?

    @Flag(name: .customLong("no-early-years"), help: "Skip the early-years backtest even when its data are found.")
    var noEarlyYears = false

    @Flag(
        name: .customLong("known-intakes"),
        help: """
            Also run each origin's forecast with the actual Reception and Year 7 of the first forecast year as \
            known intakes (what an LA knows from admissions offers by April), and print both tables.
            """)
    var knownIntakes = false
    @Option(
        help: """
            The LAs' own forecast errors (DfE scorecards, scorecards.csv) to set the backtest beside (default: \
            scorecards.csv beside the pupils file, or in --inputs, if there is one).
            """)
    var scorecards: String?

    @Option(help: "Output folder.")
    var out: String = "outputs/backtest"

    @Flag(
        help: """
            Stop, writing nothing, when an area cannot be forecast from every origin (by default it is named and \
            the origins its data cover are used).
            """)
    var strict = false

    func validate() throws {
        _ = try YearRange.parse(horizons, option: "--horizons", example: "1-7")
        _ = try origins.map { try YearRange.parse($0, option: "--origins", example: "2013-2018") }
        _ = try targets.map { try YearRange.parse($0, option: "--targets", example: "2014-2019") }
    }

    func run() throws {
        try CommandFailure.wrapping {
            let horizonRange = try YearRange.parse(horizons, option: "--horizons", example: "1-7")
            let originYears = try origins.map { try YearRange.parse($0, option: "--origins", example: "2013-2018") }
            let targetYears = try targets.map { try YearRange.parse($0, option: "--targets", example: "2014-2019") }
            var options = BacktestOptions(
                locations: InputLocations(
                    inputs: data.inputs, pupils: data.pupils, births: data.births, ehcp: ehcp, ehcpNew: ehcpNew,
                    earlyYears: noEarlyYears ? nil : earlyYears),
                models: models, areas: areas, origins: originYears?.academicYears,
                horizons: horizonRange.lower...horizonRange.upper, targets: targetYears?.academicYears,
                includeSend: !noSend, includeEarlyYears: !noEarlyYears)
            options.strict = strict
            options.knownIntakes = knownIntakes
            options.scorecards = scorecards
            if let note = InputSet.builtInModelsNote(given: models) {
                FileHandle.standardError.write(Data("Warning: \(note)\n".utf8))
            }
            var timer = StageTimer()
            let outcome = try data.checked { try BacktestPipeline.run(options, version: PlacePlan.version) }
            timer.lap("reading, backtest and tables")
            printWarnings(outcome.warnings)
            let written = try RunDirectory(url: URL(fileURLWithPath: out), displayPath: out)
                .commit(files: outcome.files, record: outcome.record)
            timer.lap("writing files")
            for area in outcome.skipped { print("Skipped \(area.area.code) (\(area.area.name)): \(area.reason).") }
            if !outcome.skipped.isEmpty { print("") }
            print(BacktestReport.table(outcome.summaries))
            if let known = outcome.knownIntakeSummaries {
                print("")
                print(BacktestReport.table(known, title: "With known intakes"))
                print("")
                print(BacktestReport.knownIntakesComparison(without: outcome.summaries, with: known))
                print("")
                print(BacktestReport.sharesTable(outcome.errorShares, title: "Without known intakes"))
                print(BacktestReport.sharesTable(outcome.knownIntakeErrorShares, title: "With known intakes"))
            }
            if let sendTable = outcome.sendTable { print("\n" + sendTable) }
            if let note = outcome.sendNote { print("\n" + note) }
            if let table = outcome.earlyYearsTable { print("\n" + table) }
            if let note = outcome.earlyYearsNote { print("\n" + note) }
            if let scorecards = outcome.scorecards { printScorecards(scorecards) }
            if let scorecards = outcome.knownIntakeScorecards {
                print("\nWith known intakes (the actual Reception and Year 7 of the first forecast year):")
                printScorecards(scorecards)
            }
            print("")
            print("Wrote \(written.joined(separator: ", ")).")
        }
    }
}

/// An inclusive range written `A-B` (or a single `A`): whole numbers (horizons), or academic years written
/// `2019` or `2019/20` as the tool prints them.
struct YearRange {
    let lower: Int
    let upper: Int

    /// Parses the value of `option`; throws a message saying what was wrong and what to write instead.
    static func parse(_ text: String, option: String, example: String) throws -> YearRange {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map {
            AcademicYear(label: String($0).trimmingCharacters(in: .whitespaces))?.startYear
                ?? Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard (1...2).contains(parts.count), let lower = parts.first ?? nil, let upper = parts.last ?? nil else {
            throw ValidationError("\(option) must look like \(example) (got '\(text)')")
        }
        guard lower <= upper else {
            throw ValidationError("\(option) \(text) runs backwards: write \(upper)-\(lower)")
        }
        return YearRange(lower: lower, upper: upper)
    }

    /// The range as academic years.
    var academicYears: ClosedRange<AcademicYear> { AcademicYear(lower)...AcademicYear(upper) }
}

/// An academic year on the command line: `2025` or `2025/26`, as the tool prints years.
extension AcademicYear: ExpressibleByArgument {
    public init?(argument: String) { self.init(label: argument) }
}
