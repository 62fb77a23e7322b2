import Dispatch
import Foundation
import PlaceForecast
import PlaceIO

/// One scenario's results: its plan against its forecast.
public struct ScenarioRun: Sendable {
    public let scenario: Scenario
    public let result: PlacePlanningResult
    /// The forecast the scenario was planned against: the base's, or its own when it changes demand.
    public let forecast: Forecast
    /// Special-school places surplus (negative: short) LA-wide in the last forecast year, when SEND is forecast.
    public let specialSchoolSurplus: Double?
    /// Early-years sufficiency under the scenario, when the inputs have early_years.csv.
    public let earlyYears: EarlyYearsOutcome?

    /// Runs `scenario` against `base`: its supply changes applied to the plan; its demand changes (births,
    /// housing, method, SEND growth) re-run the forecast with `model` (nil: the base model), otherwise the base
    /// forecast and its intervals are reused. `loaded` must have the supply side.
    public init(_ scenario: Scenario, model: ForecastModel?, loaded: InputSet, base: PipelineRun) throws {
        self.scenario = scenario
        var inputs = loaded
        let supply = try loaded.requireSupply()
        let plan = scenario.applied(to: supply.plan)
        inputs.supply?.plan = plan
        let run: PipelineRun
        if scenario.changesDemand || scenario.sendGrowthPoints != nil {
            inputs.forecastInputs = scenario.applied(to: loaded.forecastInputs, origin: base.forecast.origin)
            if let model { inputs.model = model }
            run = try PipelineRun(
                inputs, horizon: base.forecast.horizon,
                sendGrowthPoints: scenario.sendGrowthPoints ?? 0, earlyYears: scenario.earlyYears)
            earlyYears = run.earlyYears
        } else {
            run = base
            earlyYears =
                scenario.earlyYears.isEmpty
                ? base.earlyYears
                : try EarlyYearsPipeline.run(loaded, horizon: base.forecast.horizon, change: scenario.earlyYears)
        }
        forecast = run.forecast
        let lastYear = run.forecast.years.upperBound
        let laCodes = Set(supply.areas.map(\.laCode))
        // The last year of the SEND projection up to the forecast's last year: EHC plan counts may end a year or
        // more before the census (ehcp.csv to January 2022 with pupils to January 2023), and so does the projection.
        specialSchoolSurplus =
            run.send?.places.filter {
                laCodes.contains($0.areaCode) && $0.phase == nil && $0.year <= lastYear
            }.max { $0.year < $1.year }?.specialSchoolSurplus
        result = PipelineRun.plan(run.forecast, supply: supply, plan: plan, census: loaded.forecastInputs.pupils).result
    }

    /// The scenario's results as the reports read them.
    public var outcome: ScenarioOutcome {
        ScenarioOutcome(
            name: scenario.name, result: result, specialSchoolSurplus: specialSchoolSurplus,
            earlyYears: earlyYears?.forecast.rows)
    }
}

/// Reading scenario files and running them side by side.
public enum ScenarioPipeline {
    /// The scenario files to run: `paths`, or when empty every `models/scenarios/*.yaml`, sorted by name.
    public static func scenarioFiles(_ paths: [String]) -> [String] {
        guard paths.isEmpty else { return paths }
        let folder = (InputSet.modelFolder as NSString).appendingPathComponent("scenarios")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }

    /// What to tell the user when no scenario file was given and none was found where they are looked for (the
    /// base then runs alone); nil otherwise.
    public static func noScenariosNote(given: [String], found: [String]) -> String? {
        guard given.isEmpty, found.isEmpty else { return nil }
        let folder = (InputSet.modelFolder as NSString).appendingPathComponent("scenarios")
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        return "no scenario files given and none found in \(absolute), so only the base runs. Give scenario files, "
            + "or run from the repository root (where models/scenarios/ is)"
    }

    /// What a scenario file is checked against: the schools, areas, origin and early-years providers of the run.
    /// Throws when the inputs have no supply side (planning areas and schools).
    public static func context(loaded: InputSet, base: PipelineRun) throws(InputError) -> ScenarioFile.Context {
        let supply = try loaded.requireSupply()
        return ScenarioFile.Context(
            schools: supply.plan.schools, areas: supply.areas,
            origin: base.forecast.origin, providers: loaded.earlyYears?.providers,
            hasEarlyYears: loaded.earlyYears != nil)
    }

    /// The base (no changes) followed by the scenarios read from `paths`; names must be unique.
    public static func scenarios(
        _ paths: [String], loaded: InputSet, base: PipelineRun
    )
        throws(InputError) -> [Scenario]
    {
        let context = try self.context(loaded: loaded, base: base)
        var scenarios = [Scenario(name: "base", description: "no changes")]
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else {
                throw InputError(file: path, problem: "file not found")
            }
            let scenario = try ScenarioFile.read(URL(fileURLWithPath: path), displayPath: path, context: context)
            if scenarios.contains(where: { $0.name == scenario.name }) {
                throw InputError(
                    file: path, problem: "a scenario named '\(scenario.name)' is already loaded",
                    hint: "Give each scenario its own name")
            }
            scenarios.append(scenario)
        }
        return scenarios
    }

    /// The model a scenario asks for (nil: the base model). The one place that reads `Scenario.model`.
    public static func model(for scenario: Scenario) throws(InputError) -> ForecastModel? {
        try scenario.model.map { reference throws(InputError) in try InputSet.resolveModel(reference).0 }
    }

    /// Runs every scenario against `base`, independent ones in parallel; results in the order of `scenarios`.
    public static func run(_ scenarios: [Scenario], loaded: InputSet, base: PipelineRun) throws -> [ScenarioRun] {
        let models = try scenarios.map { scenario throws(InputError) in try model(for: scenario) }
        let runs = Parallel.map(scenarios.count) { index in
            Result { try ScenarioRun(scenarios[index], model: models[index], loaded: loaded, base: base) }
        }
        return try runs.map { try $0.get() }
    }

    /// The run record of `placeplan scenario run`.
    public static func record(
        _ scenarios: [Scenario], files: [String], loaded: InputSet, base: PipelineRun,
        version: String
    ) -> [String: Any] {
        [
            "command": "scenario run", "placeplan_version": version,
            "scenarios": scenarios.map(\.name), "scenario_files": files,
            "origin": base.forecast.origin.startYear, "inputs": loaded.filesRecord,
        ]
    }
}
