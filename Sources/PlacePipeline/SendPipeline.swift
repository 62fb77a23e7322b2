import Foundation
import PlaceForecast
import PlaceIO

/// EHC plans by age band with 80% intervals, and specialist places by phase apportioned to planning areas.
public struct SendOutcome: Sendable {
    public let rows: [SendRow]
    public let places: [SpecialistPlacesRow]
    /// A few lines for a person: plans by area in the first five forecast years, special-school places.
    public let summary: String
    /// Set when the EHC plan history was too short to calibrate intervals: the plans are forecast without them.
    public let note: String?
}

/// The SEND stage of the pipeline and of the backtest: every call into the SEND forecaster, backtest and
/// intervals is here, so API changes there touch one file.
public enum SendPipeline {
    /// Academic years whose EHC plan counts can be origins of a SEND backtest or interval calibration: from the
    /// first year with counts plus ``PlanningRules/sendMinimumHistory`` up to and including `last`; empty (never a
    /// trap) when the history is shorter.
    public static func calibrationOrigins(_ caseload: EHCPCaseload, through last: AcademicYear) -> [AcademicYear] {
        guard let first = caseload.totals.values.compactMap({ $0.keys.min() }).min() else { return [] }
        let lower = first.advanced(by: PlanningRules.sendMinimumHistory)
        return lower <= last ? Array(lower...last) : []
    }

    /// The population base of each age band (``SendPopulation``): `pupils` by year group and the births of the
    /// inputs, summed over an LA's planning areas when the inputs are by planning area.
    public static func population(
        _ loaded: InputSet, pupils: @escaping @Sendable (String, AcademicYear, YearGroup) -> Double?
    ) -> SendPopulation {
        let perGroup = YearGroup.all.map { group in loaded.pupilBase { area, year in pupils(area, year, group) } }
        let births = loaded.forecastInputs.births
        let bornIn = loaded.pupilBase { area, year in births.births(area, year.startYear) }
        return SendPopulation(
            pupils: { area, year, group in perGroup[group.index](area, year) },
            births: { area, year in bornIn(area, AcademicYear(year)) })
    }

    /// EHC plans by band with 80% intervals (auto method; intervals from its own backtest on the caseload's
    /// history) and specialist places by phase. Pupils on roll are the census, then `forecast`.
    /// `growthPoints` adds percentage points a year to the projected growth. nil when the caseload is empty.
    public static func run(
        _ caseload: EHCPCaseload, loaded: InputSet, forecast: Forecast, growthPoints: Double
    )
        -> SendOutcome?
    {
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
        var byGroup: [String: [AcademicYear: [Int: Double]]] = [:]
        for history in loaded.forecastInputs.pupils.histories {
            for year in history.years {
                for group in YearGroup.all {
                    byGroup[history.area.code, default: [:]][year, default: [:]][group.index] =
                        history.pupils(year, group)
                }
            }
        }
        for row in forecast.rows {
            byGroup[row.area.code, default: [:]][row.year, default: [:]][row.yearGroup.index] = row.pupils
        }
        let frozenGroups = byGroup
        let population = population(loaded) { area, year, group in frozenGroups[area]?[year]?[group.index] }
        let method = SendMethod.standardAuto
        let chosen = SendForecaster(method: method)
            .chosenTotals(caseload, origin: origin, horizon: forecast.horizon, pupils: pupils, population: population)
        let projected = chosen.totals
            .mapValues { values in
                values.enumerated().map { $0.element * pow(1 + growthPoints / 100, Double($0.offset + 1)) }
            }
        // Calibration origins: every year with enough history before the origin.
        let first = caseload.totals.values.compactMap { $0.keys.min() }.min() ?? origin
        var intervals: SendIntervals?
        var note: String?
        if first.advanced(by: PlanningRules.sendMinimumHistory) <= origin {
            let calibration = SendBacktest.run(
                caseload, methods: [method],
                origins: calibrationOrigins(caseload, through: origin.advanced(by: -1)),
                horizons: 1...forecast.horizon, pupils: pupils, population: population)
            intervals = SendIntervals(cells: calibration, knownAt: origin)
        } else {
            note =
                "EHC plan counts cover \(first) to \(origin) only: a SEND interval needs "
                + "\(PlanningRules.sendMinimumHistory) years of counts before an origin, so plans are forecast "
                + "without intervals."
        }
        let rows = SendPlanning.rows(totals: projected, caseload: caseload, origin: origin, intervals: intervals)
        let census = loaded.forecastInputs.pupils
        let places = SendPlanning.specialistPlaces(
            rows, shares: loaded.sendSettings, areas: loaded.supply?.areas ?? [],
            pupils: { area, year, group in
                forecast.rows.first { $0.area.code == area && $0.year == year && $0.yearGroup == group }?.pupils
                    ?? census[area]?.pupils(year, group) ?? 0
            },
            specialSchools: loaded.supply?.plan.schools.filter { $0.phase == .special } ?? [])
        var summary = SendReport.summary(
            projected: projected, caseload: caseload, origin: origin, places: places, method: "\(method)",
            chosen: chosen.methods.mapValues(\.description), note: note)
        // The prevalence-by-band projection of every area, damped and undamped, for comparison with auto's.
        let damping = SendDamping.estimate(
            caseload, population: population, origin: origin, window: PlanningRules.sendBandWindow)
        for area in caseload.totals.keys.sorted() where caseload.totals[area]?[origin] != nil {
            func paths(_ phi: Double) -> (atOrigin: [AgeBand: Double], projected: [AgeBand: [Double]])? {
                SendForecaster.bandPaths(
                    caseload, area: area, origin: origin, horizon: forecast.horizon,
                    window: PlanningRules.sendBandWindow, phi: phi, population: population)
            }
            guard let damped = paths(damping.phi), let undamped = paths(1) else { continue }
            summary +=
                "\n"
                + SendReport.bandSummary(
                    area: area, origin: origin, damping: damping, atOrigin: damped.atOrigin,
                    damped: damped.projected, undamped: undamped.projected,
                    population: { band, year in population.baseHeld(area, year, band) })
        }
        return SendOutcome(rows: rows, places: places, summary: summary, note: note)
    }
}

extension SendPipeline {
    /// The SEND backtest's files and table.
    public struct BacktestResult: Sendable {
        /// send_backtest.csv and send_accuracy.csv, as (file name, CSV text).
        public let files: [(String, String)]
        public let table: String
    }

    /// Backtests every SEND method (and the automatic choice) from every origin with
    /// ``PlanningRules/sendMinimumHistory`` years of counts behind it, up to the last scored origin, so intervals
    /// can be calibrated on errors known at each scored origin. Scored origins: `origins`, or by default every
    /// origin with enough history up to the year before the last count. Fails with a note when the EHC plan
    /// counts leave no origin with enough history at or before the last scored origin.
    public static func backtest(
        _ caseload: EHCPCaseload, origins: ClosedRange<AcademicYear>?,
        horizons: ClosedRange<Int>,
        pupils: @escaping @Sendable (String, AcademicYear) -> Double?,
        areas: Set<String>?, isScored: @escaping (AcademicYear) -> Bool, population: SendPopulation? = nil
    )
        -> Result<BacktestResult, PipelineError>
    {
        guard let sendLast = caseload.totals.values.compactMap({ $0.keys.max() }).max() else {
            return .failure(PipelineError("ehcp.csv has no counts: no SEND backtest"))
        }
        let defaultOrigins = calibrationOrigins(caseload, through: sendLast.advanced(by: -1))
        let tooShort = PipelineError(
            "EHC plan counts end in \(sendLast) and are too short for a SEND backtest"
                + (origins == nil ? "" : " from the origins asked for") + ": an origin needs "
                + "\(PlanningRules.sendMinimumHistory) years of counts behind it and a later year to score")
        guard let scoredOrigins = origins ?? defaultOrigins.first.map({ $0...defaultOrigins.last! }) else {
            return .failure(tooShort)
        }
        let runOrigins = calibrationOrigins(caseload, through: scoredOrigins.upperBound)
        guard !runOrigins.isEmpty else { return .failure(tooShort) }
        let cells = SendBacktest.run(
            caseload, methods: SendMethod.candidates + [SendMethod.standardAuto],
            origins: runOrigins,
            horizons: horizons, pupils: pupils, areas: areas, population: population)
        let accuracy = SendReport.accuracy(cells) {
            scoredOrigins.contains($0.origin) && isScored($0.origin.advanced(by: $0.horizon))
        }
        return .success(
            BacktestResult(
                files: [
                    ("send_backtest.csv", SendReport.cellsCSV(cells)),
                    ("send_accuracy.csv", accuracy.csv),
                ],
                table: accuracy.table))
    }
}
