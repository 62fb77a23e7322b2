import Foundation
import PlaceForecast
import PlaceIO

/// The whole forecast pipeline in memory: the point forecast, 80%/95% intervals from the model's own backtest,
/// housing-led pupils on top, the supply side (surplus, places needed, build needs, deficit risk) when its inputs are
/// present, and EHC plans with specialist places when `ehcp.csv` is present. Shared by `forecast`, `explain`, the
/// scenarios, the report and the web app. Years are academic years named by their starting calendar year; pupils
/// are head counts (fractional, unrounded); horizons are whole academic years after the origin (the last census).
/// Known intakes (`intakes.csv`) replace the projected Reception and Year 7 of their areas and years; the cohort
/// rolls on from them, their intervals have zero width, and housing pupils are not added on top of them (see
/// ``Forecast/addingHousing(_:yields:transfers:)``). The intervals are calibrated on the model's own backtest
/// without known intakes.
public struct PipelineRun: Sendable {
    public let forecast: Forecast
    /// The planner and its results; nil without planning_areas.csv and schools.csv.
    public let planning: (planner: PlacePlanner, result: PlacePlanningResult)?
    /// EHC plans and specialist places; nil without ehcp.csv.
    public let send: SendOutcome?
    /// Early-years funded children and sufficiency; nil without early_years.csv.
    public let earlyYears: EarlyYearsOutcome?
    /// The accuracy of the model's own rolling-origin backtest over the history before the origin, which the
    /// intervals are calibrated on: the workbook's Accuracy sheet. (The backtest's cells are not kept: at 20,000
    /// areas they are 14 million.)
    public let accuracy: [AccuracySummary]

    /// Runs every stage on `loaded`. `horizon` is years ahead (nil: the model's). `sendGrowthPoints` adds that many
    /// percentage points a year to the projected growth of EHC plans (a scenario; 0 for the base); `earlyYears`
    /// is a scenario's change to early-years take-up and places (none for the base).
    public init(
        _ loaded: InputSet, horizon: Int?, sendGrowthPoints: Double = 0,
        earlyYears earlyYearsChange: EarlyYearsChange = EarlyYearsChange()
    ) throws {
        var timer = StageTimer()
        let pointForecast: Forecast
        do {
            pointForecast = try CohortSurvivalForecaster(model: loaded.model)
                .forecast(loaded.forecastInputs, horizon: horizon, overrides: loaded.knownIntakes?.totals ?? [:])
        } catch {
            // Named with the births file actually read (`--births` may name another than births.csv).
            guard case .missingBirths = error else { throw error }
            throw InputError(
                file: loaded.locations.requiredFiles().births, problem: error.description,
                hint: "Add its births, one row per year, or leave the area out of the pupils file")
        }
        timer.lap("point forecast")
        // Calibrate on the areas being forecast (areas that ended before the origin may lack births).
        let forecastAreas = Set(pointForecast.rows.map(\.area.code))
        let calibration = try IntervalModel.calibrationCells(
            method: .fixed(loaded.model), inputs: loaded.forecastInputs.restricted(to: forecastAreas),
            origin: pointForecast.origin, horizons: 1...pointForecast.horizon)
        timer.lap("interval calibration (the model's own backtest)")
        var forecast = pointForecast.withIntervals(IntervalModel(cells: calibration))
        accuracy = AccuracySummary.summarise(calibration)
        if let housing = loaded.forecastInputs.housing {
            forecast = forecast.addingHousing(
                housing, yields: loaded.yields,
                transfers: loaded.forecastInputs.transfers)
        }
        self.forecast = forecast
        planning = loaded.supply.map { supply in
            Self.plan(forecast, supply: supply, plan: supply.plan, census: loaded.forecastInputs.pupils)
        }
        send = loaded.caseload.flatMap { caseload in
            SendPipeline.run(caseload, loaded: loaded, forecast: forecast, growthPoints: sendGrowthPoints)
        }
        earlyYears = try EarlyYearsPipeline.run(loaded, horizon: forecast.horizon, change: earlyYearsChange)
        timer.lap("intervals, housing, supply, SEND, early years")
    }

    /// Surplus, places needed, build needs and deficit risk of `forecast` against `plan` (the supply's own plan,
    /// or a scenario's), schools' shares taken from the census year (the forecast's origin).
    public static func plan(
        _ forecast: Forecast, supply: InputSet.SupplyInputs, plan: SupplyPlan,
        census: CohortTable
    ) -> (planner: PlacePlanner, result: PlacePlanningResult) {
        let planner = PlacePlanner(
            areas: supply.areas, supply: plan,
            allocator: SchoolAllocator(
                supply: plan, rolls: supply.rolls,
                rule: supply.schoolShares, censusYear: forecast.origin),
            settings: supply.settings, finance: supply.finance)
        return (planner, planner.plan(forecast, census: census))
    }

    /// The run record of `placeplan forecast` (`run.json` beside the outputs).
    public func record(_ loaded: InputSet, version: String) -> [String: Any] {
        [
            "command": "forecast",
            "placeplan_version": version,
            "model": loaded.model.name,
            "model_file": loaded.modelPath ?? "built-in default",
            "origin": forecast.origin.startYear,
            "horizon": forecast.horizon,
            "inputs": loaded.filesRecord,
            "skipped_areas": forecast.skipped.map {
                ["area": $0.area.code, "name": $0.area.name, "reason": $0.reason]
            },
        ]
    }

    /// Every output file of the forecast, as (file name, CSV text), in the order they are written.
    public var files: [(String, String)] {
        var files = [
            ("forecast.csv", ForecastReport.forecastCSV(forecast)),
            ("ratios.csv", ForecastReport.ratiosCSV(forecast)),
        ]
        if let result = planning?.result {
            files += [
                ("surplus.csv", PlanningReport.surplusCSV(result.surplus)),
                ("places_needed.csv", PlanningReport.placesNeededCSV(result.placesNeeded)),
                ("build_needs.csv", PlanningReport.buildNeedsCSV(result.buildNeeds)),
                ("deficit_risk.csv", PlanningReport.deficitRiskCSV(result.deficitRisk)),
            ]
        }
        if let send {
            files += [
                ("send.csv", SendReport.plansCSV(send.rows)),
                ("specialist_places.csv", SendReport.specialistCSV(send.places)),
            ]
        }
        if let earlyYears { files.append(("early_years.csv", earlyYears.csv)) }
        return files
    }
}
