import ArgumentParser
import Foundation
import PlaceForecast
import PlaceIO

/// `placeplan forecast`: reads the inputs, forecasts, writes `forecast.csv`, `ratios.csv` and `run.json`.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast pupils by area, academic year and year group (R to 13) by cohort survival.",
        discussion: """
            Reads pupils.csv and births.csv (and transfer.csv, housing.csv when present) from --inputs, fits the \
            model's ratios on the history up to the last year in pupils.csv (the origin), and writes \
            OUT/forecast.csv, OUT/ratios.csv and OUT/run.json. A previous run in OUT is moved to OUT/archive/.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Output folder.")
    var out: String = "outputs"

    func run() throws {
        try CommandFailure.wrapping {
            let loaded = try input.load()
            let run = try ForecastRun(loaded, horizon: input.horizon)
            var files = [("forecast.csv", ForecastReport.forecastCSV(run.forecast)),
                         ("ratios.csv", ForecastReport.ratiosCSV(run.forecast))]
            if let result = run.planning?.result {
                files += [("surplus.csv", PlanningReport.surplusCSV(result.surplus)),
                          ("places_needed.csv", PlanningReport.placesNeededCSV(result.placesNeeded)),
                          ("build_needs.csv", PlanningReport.buildNeedsCSV(result.buildNeeds)),
                          ("deficit_risk.csv", PlanningReport.deficitRiskCSV(result.deficitRisk))]
            }
            if let send = run.send {
                files += [("send.csv", SendReport.plansCSV(send.rows)),
                          ("specialist_places.csv", SendReport.specialistCSV(send.places))]
            }
            let record: [String: Any] = [
                "command": "forecast",
                "placeplan_version": PlacePlan.version,
                "model": loaded.model.name,
                "model_file": loaded.modelPath ?? "built-in default",
                "origin": run.forecast.origin.startYear,
                "horizon": run.forecast.horizon,
                "inputs": loaded.files.map { ["path": $0.path, "bytes": $0.bytes, "fnv1a64": $0.checksum] },
            ]
            let written = try RunDirectory(url: URL(fileURLWithPath: out), displayPath: out).commit(files: files, record: record)
            print(ForecastReport.summary(run.forecast, areaCount: Set(run.forecast.rows.map(\.area.code)).count))
            if let planning = run.planning, let supply = loaded.supply {
                print("\n" + PlanningReport.summary(planning.result, areas: supply.areas))
            }
            if let send = run.send { print("\n" + send.summary) }
            print("")
            print("Wrote \(written.joined(separator: ", ")).")
        }
    }
}

/// Where the inputs come from and which model forecasts them: shared by `forecast` and `explain`.
struct InputOptions: ParsableArguments {
    @Option(help: "Folder with pupils.csv, births.csv and the optional transfer, housing, supply and SEND files (default: inputs).")
    var inputs: String?

    @Option(help: "Pupils file overriding <inputs>/pupils.csv: area_code,area_name,year,year_group,pupils.")
    var pupils: String?

    @Option(help: "Births file overriding <inputs>/births.csv: area_code,year,births.")
    var births: String?

    @Option(help: "Model: a YAML file, or a name in models/ (default: auto, the automatic method choice).")
    var model: String?

    @Option(help: "Years ahead, 1 to \(ForecastModel.maximumHorizon) (default: the model's, normally \(ForecastModel.defaultHorizon)).")
    var horizon: Int?

    func validate() throws {
        if let horizon, !(1...ForecastModel.maximumHorizon).contains(horizon) {
            throw ValidationError("--horizon must be 1 to \(ForecastModel.maximumHorizon) (got \(horizon))")
        }
        if pupils != nil, inputs == nil, births == nil {
            throw ValidationError("--pupils needs --births too (or --inputs naming the folder that holds births.csv)")
        }
    }

    func load() throws -> InputSet {
        try InputSet.load(inputs: inputs, pupils: pupils, births: births, model: model)
    }
}

/// The whole forecast pipeline in memory: point forecast, intervals from the model's own backtest, housing on
/// top, and the supply side when its inputs are present. Shared by `forecast` and `explain`.
struct ForecastRun {
    let forecast: Forecast
    let planning: (planner: PlacePlanner, result: PlacePlanningResult)?
    let send: (rows: [SendRow], places: [SpecialistPlacesRow], summary: String)?

    /// `sendGrowthPoints` adds that many percentage points a year to the projected growth of EHC plans (a scenario).
    init(_ loaded: InputSet, horizon: Int?, sendGrowthPoints: Double = 0) throws {
        let pointForecast = try CohortSurvivalForecaster(model: loaded.model).forecast(loaded.forecastInputs, horizon: horizon)
        // Calibrate on the areas being forecast (areas that ended before the origin may lack births).
        let forecastAreas = Set(pointForecast.rows.map(\.area.code))
        let intervals = try IntervalModel.calibrated(
            method: .fixed(loaded.model), inputs: loaded.forecastInputs.restricted(to: forecastAreas),
            origin: pointForecast.origin, horizons: 1...pointForecast.horizon)
        var forecast = pointForecast.withIntervals(intervals)
        if let housing = loaded.forecastInputs.housing {
            forecast = forecast.addingHousing(housing, yields: loaded.yields, transfers: loaded.forecastInputs.transfers)
        }
        self.forecast = forecast
        planning = loaded.supply.map { supply in
            let planner = PlacePlanner(
                areas: supply.areas, supply: supply.plan,
                allocator: SchoolAllocator(supply: supply.plan, rolls: supply.rolls,
                                           capToPlaces: supply.capToCapacity, censusYear: forecast.origin),
                settings: supply.settings, finance: supply.finance)
            return (planner, planner.plan(forecast, census: loaded.forecastInputs.pupils))
        }
        send = loaded.caseload.flatMap { caseload in
            Self.send(caseload, loaded: loaded, forecast: forecast, growthPoints: sendGrowthPoints)
        }
    }

    /// EHC plans by band with 80% intervals (auto method; intervals from its own backtest on the caseload's
    /// history) and specialist places by phase, apportioned to planning areas.
    static func send(_ caseload: EHCPCaseload, loaded: InputSet, forecast: Forecast, growthPoints: Double)
        -> (rows: [SendRow], places: [SpecialistPlacesRow], summary: String)? {
        guard let origin = caseload.totals.values.compactMap({ $0.keys.max() }).max() else { return nil }
        var totals: [String: [AcademicYear: Double]] = [:]
        for history in loaded.forecastInputs.pupils.histories {
            for year in history.years {
                totals[history.area.code, default: [:]][year] =
                    YearGroup.projected.reduce(0) { $0 + (history.pupils(year, $1) ?? 0) }
            }
        }
        for row in forecast.rows { totals[row.area.code, default: [:]][row.year, default: 0] += row.pupils }
        let frozen = totals
        let pupils = loaded.pupilBase { area, year in frozen[area]?[year] }
        let method = SendMethod.standardAuto
        let projected = SendForecaster(method: method).totals(caseload, origin: origin, horizon: forecast.horizon, pupils: pupils)
            .mapValues { values in values.enumerated().map { $0.element * pow(1 + growthPoints / 100, Double($0.offset + 1)) } }
        let first = caseload.totals.values.compactMap { $0.keys.min() }.min() ?? origin
        let calibration = SendBacktest.run(caseload, methods: [method],
                                           origins: Array(first.advanced(by: 2)..<origin), horizons: 1...forecast.horizon,
                                           pupils: pupils)
        let rows = SendPlanning.rows(totals: projected, caseload: caseload, origin: origin,
                                     intervals: SendIntervals(cells: calibration, knownAt: origin))
        let census = loaded.forecastInputs.pupils
        let places = SendPlanning.specialistPlaces(
            rows, shares: loaded.sendSettings, areas: loaded.supply?.areas ?? [],
            pupils: { area, year, group in
                forecast.rows.first { $0.area.code == area && $0.year == year && $0.yearGroup == group }?.pupils
                    ?? census[area]?.pupils(year, group) ?? 0
            },
            specialSchools: loaded.supply?.plan.schools.filter { $0.phase == .special } ?? [])
        var lines = ["EHC plans (\(method)):"]
        for area in projected.keys.sorted() {
            let values = projected[area]!.prefix(5).enumerated().map { "\(origin.advanced(by: $0.offset + 1)) \(Int($0.element.rounded()))" }
            lines.append("  \(area): \(Int((caseload.totals[area]?[origin] ?? 0).rounded())) in \(origin); " + values.joined(separator: ", "))
            if let all = places.first(where: { $0.areaCode == area && $0.phase == nil && $0.year == origin.advanced(by: 5) }),
               let surplus = all.specialSchoolSurplus {
                lines.append("  special-school places in \(all.year): \(Int(all.specialSchoolPlaces.rounded())) needed, "
                    + "\(Int((all.specialSchoolCapacity ?? 0).rounded())) available (\(surplus < 0 ? "short by" : "surplus") "
                    + "\(Int(abs(surplus).rounded())))")
            }
        }
        return (rows, places, lines.joined(separator: "\n"))
    }
}

/// An error already explained in words: printed as `Error: MESSAGE`, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }

    /// Runs `body`, turning input and forecast errors into a `CommandFailure` with their message.
    static func wrapping(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as InputError {
            throw CommandFailure(message: error.description)
        } catch let error as ForecastError {
            throw CommandFailure(message: error.message)
        }
    }
}
