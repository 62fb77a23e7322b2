import ArgumentParser
import Foundation
import PlaceForecast
import PlaceIO

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

    @Option(help: "Folder with pupils.csv and births.csv (and transfer.csv, housing.csv) (default: inputs).")
    var inputs: String?

    @Option(help: "Pupils file overriding <inputs>/pupils.csv.")
    var pupils: String?

    @Option(help: "Births file overriding <inputs>/births.csv.")
    var births: String?

    @Option(name: .customLong("model"), help: "Model file to compare (repeatable). Default: every models/*.yaml.")
    var models: [String] = []

    @Option(help: "Areas file with area_code and stable columns; areas with stable=false are not scored (default: areas.csv beside the pupils file, if there is one).")
    var areas: String?

    @Option(help: "Origins as A-B (academic years; default: the second year of data to the year before the last).")
    var origins: String?

    @Option(help: "Horizons as A-B (default 1-7).")
    var horizons: String = "1-7"

    @Option(help: "Score only forecasts whose target academic year is in A-B (default: every observed target). Earlier targets still calibrate the intervals.")
    var targets: String?

    @Option(help: "EHC plans file for the SEND backtest (default: ehcp.csv in --inputs, or beside the pupils file).")
    var ehcp: String?

    @Option(name: .customLong("ehcp-new"), help: "New EHC plans file for the flow model (default: ehcp_new.csv beside ehcp.csv).")
    var ehcpNew: String?

    @Flag(name: .customLong("no-send"), help: "Skip the SEND backtest even when EHC plan data are found.")
    var noSend = false

    @Option(help: "Output folder.")
    var out: String = "outputs/backtest"

    func validate() throws {
        guard YearRange(horizons) != nil else { throw ValidationError("--horizons must look like 1-7") }
        if let origins, YearRange(origins) == nil { throw ValidationError("--origins must look like 2013-2018") }
        if let targets, YearRange(targets) == nil { throw ValidationError("--targets must look like 2014-2019") }
        if pupils != nil, inputs == nil, births == nil {
            throw ValidationError("--pupils needs --births too (or --inputs naming the folder that holds births.csv)")
        }
    }

    func run() throws {
        try CommandFailure.wrapping {
            let beside = { (name: String) -> String? in
                guard self.inputs == nil, let pupils = self.pupils else { return nil }
                let path = ((pupils as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
                return FileManager.default.fileExists(atPath: path) ? path : nil
            }
            let ehcpFile = ehcp ?? beside("ehcp.csv")
            let ehcpNewFile = ehcpNew ?? (ehcpFile.map { (($0 as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent("ehcp_new.csv") }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil })
            let loaded = try InputSet.load(inputs: inputs, pupils: pupils, births: births, model: nil,
                                           ehcp: ehcpFile, ehcpNew: ehcpNewFile)
            let methods = try InputSet.models(models).map(ForecastMethod.fixed)
            let scored = try InputSet.stableAreas(areasFile: areas, pupilsFile: pupils)
            // Areas outside the stable set (reorganised LAs) are left out of the data, not only the scores.
            let data = scored.map { loaded.forecastInputs.restricted(to: $0) } ?? loaded.forecastInputs
            let first = data.pupils.histories.map(\.firstYear).min()!, last = data.pupils.lastYear!
            let originRange = origins.flatMap(YearRange.init) ?? YearRange(lower: first.startYear + 1, upper: last.startYear - 1)
            let horizonRange = YearRange(horizons)!
            let cells = try Backtest.run(
                data, methods: methods,
                origins: (originRange.lower...originRange.upper).map(AcademicYear.init),
                horizons: horizonRange.lower...horizonRange.upper, areas: scored)
            let targetRange = targets.flatMap(YearRange.init).map { AcademicYear($0.lower)...AcademicYear($0.upper) }
            let isScored = { (target: AcademicYear) in targetRange?.contains(target) ?? true }
            let checks = Backtest.intervalChecks(cells, firstDataYear: first).filter { isScored($0.cell.target) }
            let scoredCells = cells.filter { isScored($0.target) }
            let summaries = AccuracySummary.summarise(scoredCells, checks: checks)
            var files = [("backtest.csv", BacktestReport.cellsCSV(scoredCells, checks: checks)),
                         ("accuracy.csv", BacktestReport.accuracyCSV(summaries))]
            var sendTable: String?
            if let caseload = loaded.caseload, !noSend {
                let census = data.pupils
                let pupilTotals = loaded.pupilBase { area, year in
                    census[area].map { history in YearGroup.projected.reduce(0) { $0 + (history.pupils(year, $1) ?? 0) } }
                }
                let sendFirst = caseload.totals.values.compactMap { $0.keys.min() }.min()!
                let sendLast = caseload.totals.values.compactMap { $0.keys.max() }.max()!
                // Scored origins as asked (default: every origin with two years of counts behind it); every
                // earlier origin is run too, so intervals can be calibrated on errors known at each scored origin.
                let scoredOrigins = origins.flatMap(YearRange.init).map { AcademicYear($0.lower)...AcademicYear($0.upper) }
                    ?? sendFirst.advanced(by: PlanningRules.sendMinimumHistory)...sendLast.advanced(by: -1)
                let sendCells = SendBacktest.run(caseload, methods: SendMethod.candidates + [SendMethod.standardAuto],
                                                 origins: Array(sendFirst.advanced(by: PlanningRules.sendMinimumHistory)...scoredOrigins.upperBound),
                                                 horizons: horizonRange.lower...horizonRange.upper,
                                                 pupils: pupilTotals, areas: scored)
                let accuracy = SendReport.accuracy(sendCells) {
                    scoredOrigins.contains($0.origin) && isScored($0.origin.advanced(by: $0.horizon))
                }
                files += [("send_backtest.csv", SendReport.cellsCSV(sendCells)), ("send_accuracy.csv", accuracy.csv)]
                sendTable = accuracy.table
            }
            let written = try RunDirectory(url: URL(fileURLWithPath: out), displayPath: out).commit(
                files: files,
                record: ["command": "backtest", "placeplan_version": PlacePlan.version,
                         "models": methods.map(\.name), "origins": "\(originRange.lower)-\(originRange.upper)",
                         "horizons": horizons, "targets": targets ?? "all",
                         "inputs": loaded.files.map { ["path": $0.path, "bytes": $0.bytes, "fnv1a64": $0.checksum] }])
            print(BacktestReport.table(summaries))
            if let sendTable { print("\n" + sendTable) }
            print("")
            print("Wrote \(written.joined(separator: ", ")).")
        }
    }
}

/// An inclusive range of whole numbers written `A-B` (or a single `A`).
struct YearRange {
    let lower: Int
    let upper: Int

    init(lower: Int, upper: Int) {
        self.lower = lower
        self.upper = upper
    }

    init?(_ text: String) {
        let parts = text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), let lower = parts.first ?? nil, let upper = parts.last ?? nil,
              lower <= upper else { return nil }
        self.lower = lower
        self.upper = upper
    }
}
