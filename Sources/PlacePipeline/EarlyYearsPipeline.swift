import Foundation
import PlaceForecast
import PlaceIO

/// Early-years sufficiency of a run: the forecast rows, whether providers' places were given, and the summary.
public struct EarlyYearsOutcome: Sendable {
    public let forecast: EarlyYearsForecast
    /// False without early_years_providers.csv: funded children only.
    public let withPlaces: Bool
    public let summary: String
    /// The settings used (after a scenario's changes), for `explain`.
    public let settings: EarlyYearsSettings
    /// Each forecast area's LA.
    public let laOf: [String: String]

    /// `early_years.csv`.
    public var csv: String { EarlyYearsReport.csv(forecast.rows, withPlaces: withPlaces) }
}

/// The early-years stage of the pipeline and of the backtest: every call into the early-years core is here.
public enum EarlyYearsPipeline {
    /// The areas whose births make the population: the primary planning areas with their LA, or (no planning
    /// areas) every LA with counts, each its own area.
    public static func areas(_ loaded: InputSet, history: EarlyYearsHistory) -> [(code: String, laCode: String)] {
        if let supply = loaded.supply {
            return supply.areas.filter { $0.phase == .primary }.map { ($0.code, $0.laCode) }
        }
        let births = loaded.forecastInputs.births
        return history.byLA.keys.sorted().filter { births.byArea[$0] != nil }.map { ($0, $0) }
    }

    /// Funded children and sufficiency `horizon` years after the last count; nil without early_years.csv.
    public static func run(
        _ loaded: InputSet, horizon: Int, change: EarlyYearsChange = EarlyYearsChange()
    )
        throws -> EarlyYearsOutcome?
    {
        guard let inputs = loaded.earlyYears else { return nil }
        var settings = inputs.settings
        settings.takeUpChangePercent = change.takeUpChangePercent
        settings.entitlementUptake = change.entitlementUptake
        let providers = inputs.providers.map { list in
            list.map { provider -> EarlyYearsProvider in
                var changed = provider
                for (age, places) in change.providerPlaces[provider.id] ?? [:] {
                    switch age {
                    case .underTwo: changed.placesUnder2 = places
                    case .two: changed.places2 = places
                    case .threeFour: changed.places34 = places
                    }
                }
                return changed
            }
        }
        let births = loaded.forecastInputs.births
        let areas = areas(loaded, history: inputs.history)
        let forecast: EarlyYearsForecast
        do {
            forecast = try EarlyYearsForecaster(areas: areas, births: { births.births($0, $1) }, settings: settings)
                .forecast(inputs.history, providers: providers ?? [], horizon: horizon)
        } catch {
            throw PipelineError(error.message + " (early_years.csv and births.csv)")
        }
        let names = Dictionary(
            (loaded.supply?.areas ?? []).map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        return EarlyYearsOutcome(
            forecast: forecast, withPlaces: providers != nil,
            summary: EarlyYearsReport.summary(forecast, withPlaces: providers != nil, areaNames: names),
            settings: settings,
            laOf: Dictionary(areas.map { ($0.code, $0.laCode) } + areas.map { ($0.laCode, $0.laCode) }) { a, _ in a })
    }

    /// The early-years backtest's files and table.
    public struct BacktestResult: Sendable {
        /// early_years_backtest.csv and early_years_accuracy.csv.
        public let files: [(String, String)]
        public let table: String
    }

    /// Funded 3- and 4-year-olds by LA from every origin with a count and a later one (the first two, with no
    /// past errors yet, let auto fall back to the last value), 1 and 2 years ahead (within `horizons`),
    /// population from `births`.
    /// `origins` (the backtest's `--origins`) limits the early-years origins to those years; years outside the
    /// counts are said, not silently dropped.
    public static func backtest(
        _ history: EarlyYearsHistory, births: BirthSeries, origins requested: ClosedRange<AcademicYear>? = nil,
        horizons: ClosedRange<Int>, areas: Set<String>?
    ) -> Result<BacktestResult, PipelineError> {
        let firstYear = history.byLA.values.compactMap { $0.keys.min() }.min()
        guard let first = firstYear, let last = history.lastYear,
            first < last
        else {
            return .failure(PipelineError("early_years.csv is too short for an early-years backtest"))
        }
        let reach = max(horizons.lowerBound, min(horizons.upperBound, PlanningRules.earlyYearsScoringSteps))
        let available = first...last.advanced(by: -1)
        let origins = Array(available).filter { requested?.contains($0) ?? true }
        guard !origins.isEmpty else {
            return .failure(
                PipelineError(
                    "early years: the counts give origins \(available.lowerBound) to \(available.upperBound), none in "
                        + "--origins \(requested!.lowerBound.startYear)-\(requested!.upperBound.startYear); "
                        + "no early-years backtest"))
        }
        let cells = EarlyYearsBacktest.run(
            history, births: { births.births($0, $1) }, origins: origins, horizons: horizons.lowerBound...reach,
            areas: areas)
        guard !cells.isEmpty else {
            return .failure(PipelineError("early years: no LA has both counts and births to backtest"))
        }
        let report = EarlyYearsReport.accuracy(cells)
        return .success(
            BacktestResult(
                files: [("early_years_backtest.csv", report.cells), ("early_years_accuracy.csv", report.csv)],
                table: report.table + "\n  (origins \(origins.first!)–\(origins.last!); population from births)"))
    }
}
