import ArgumentParser
import Dispatch
import Foundation
import PlaceForecast
import PlaceIO

/// `placeplan scenario`: what-ifs side by side, and the PAN advisor.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Compare what-ifs (PAN changes, schools, places, births, housing, SEND, method) against the surplus target.",
        subcommands: [Run.self, Suggest.self, Bench.self]
    )

    /// Options shared by the scenario commands.
    struct Common: ParsableArguments {
        @Option(help: "Inputs folder (default: inputs). It must hold planning_areas.csv and schools.csv.")
        var inputs: String?
        @Option(help: "Model: a YAML file or a name in models/ (default: auto).")
        var model: String?
        @Option(help: "Years ahead (default: the model's).")
        var horizon: Int?

        func load() throws -> (InputSet, InputSet.SupplyInputs) {
            let loaded = try InputSet.load(inputs: inputs, pupils: nil, births: nil, model: model)
            guard let supply = loaded.supply else {
                throw InputError(file: (inputs ?? InputSet.defaultInputs) + "/planning_areas.csv", problem: "file not found",
                                 hint: "Scenarios compare places against pupils: give planning_areas.csv and schools.csv")
            }
            return (loaded, supply)
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the base and each scenario on the same forecast; write OUT/scenarios.csv and compare them.",
            discussion: "Scenarios that change only supply reuse the base forecast and its intervals; those that change births, housing or the method re-run it. Independent scenarios run in parallel.")

        @Argument(help: "Scenario files (default: every models/scenarios/*.yaml).") var files: [String] = []
        @OptionGroup var common: Common
        @Option(help: "Output folder.") var out: String = "outputs/scenarios"

        func run() throws {
            try CommandFailure.wrapping {
                let (loaded, supply) = try common.load()
                let base = try ForecastRun(loaded, horizon: common.horizon)
                let context = ScenarioFile.Context(schools: supply.plan.schools, areas: supply.areas, origin: base.forecast.origin)
                var paths = files
                if paths.isEmpty {
                    let folder = (InputSet.modelFolder as NSString).appendingPathComponent("scenarios")
                    paths = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                        .filter { $0.hasSuffix(".yaml") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
                }
                var scenarios = [Scenario(name: "base", description: "no changes")]
                for path in paths {
                    guard FileManager.default.fileExists(atPath: path) else { throw InputError(file: path, problem: "file not found") }
                    let scenario = try ScenarioFile.read(URL(fileURLWithPath: path), displayPath: path, context: context)
                    if scenarios.contains(where: { $0.name == scenario.name }) {
                        throw InputError(file: path, problem: "a scenario named '\(scenario.name)' is already loaded", hint: "Give each scenario its own name")
                    }
                    scenarios.append(scenario)
                }
                let all = scenarios
                let models = try all.map { scenario throws -> ForecastModel? in
                    try scenario.model.map { try InputSet.resolveModel($0.reference).0 }
                }
                let slots = ResultSlots<Result<ScenarioRun, any Error>>(count: all.count)
                DispatchQueue.concurrentPerform(iterations: all.count) { index in
                    slots[index] = Result { try ScenarioRun(all[index], model: models[index], loaded: loaded, base: base) }
                }
                let runs = try slots.values.map { try $0!.get() }
                let written = try RunDirectory(url: URL(fileURLWithPath: out), displayPath: out).commit(
                    files: [("scenarios.csv", ScenarioRun.csv(runs, areas: supply.areas))],
                    record: ["command": "scenario run", "placeplan_version": PlacePlan.version,
                             "scenarios": all.map(\.name), "scenario_files": paths,
                             "origin": base.forecast.origin.startYear,
                             "inputs": loaded.files.map { ["path": $0.path, "bytes": $0.bytes, "fnv1a64": $0.checksum] }])
                print(ScenarioRun.summary(runs, areas: supply.areas))
                print("")
                print("Wrote \(written.joined(separator: ", ")).")
            }
        }
    }

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose PAN reductions that bring planning areas toward the surplus band without creating a shortfall.",
            discussion: "Writes OUT/suggested.yaml, a scenario file `scenario run` accepts, with each change explained. See README, 'PAN advisor', for what is optimised and how.")

        @OptionGroup var common: Common
        @Option(help: "Surplus target, per cent (default: planning.yaml's, normally 5).") var target: Double?
        @Option(help: "Upper surplus band, per cent (default: planning.yaml's, normally 10).") var band: Double?
        @Option(name: .customLong("min-pan"), help: "Never cut a PAN below this.") var minPAN: Double = 30
        @Option(help: "Reduce in steps of 15 (half a form of entry) or 30 (a whole form).") var step: Double = 30
        @Option(name: .customLong("max-steps-per-school"), help: "Most steps one school may lose (spreads cuts across schools).")
        var maxStepsPerSchool: Int = 1
        @Option(help: "Years whose surplus is judged, A-B (default: the first intake a decision now can change, to the last forecast year).")
        var years: String?
        @Option(help: "Interval for the no-shortfall check: 80 or 95.") var interval: Int = 80
        @Option(help: "Comma-separated school ids never to cut.") var protect: String?
        @Option(name: .customLong("protect-below"), help: "Protect schools whose PAN is at or below this (e.g. 30 keeps one-form-entry schools whole).")
        var protectBelow: Double = 0
        @Option(help: "Output folder (its own, so the forecast's outputs are left as they are).") var out: String = "outputs/suggest"

        func validate() throws {
            guard step == 15 || step == 30 else { throw ValidationError("--step must be 15 or 30") }
            guard interval == 80 || interval == 95 else { throw ValidationError("--interval must be 80 or 95") }
            guard maxStepsPerSchool >= 1 else { throw ValidationError("--max-steps-per-school must be at least 1") }
            if let years, YearRange(years) == nil { throw ValidationError("--years must look like 2022-2026") }
        }

        func run() throws {
            try CommandFailure.wrapping {
                var (loaded, supply) = try common.load()
                if let target { supply.settings.targetPercent = target }
                if let band { supply.settings.bandPercent = band }
                loaded.supply = supply
                let started = DispatchTime.now()
                let base = try ForecastRun(loaded, horizon: common.horizon)
                let fitted = DispatchTime.now()
                var rules = PANAdvisor.Rules()
                rules.step = step
                rules.minimumPAN = minPAN
                rules.maxStepsPerSchool = maxStepsPerSchool
                rules.protectedSchools = Set((protect ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
                rules.protectAtOrBelow = protectBelow
                rules.interval = interval == 95 ? .ninetyFive : .eighty
                rules.years = years.flatMap(YearRange.init).map { AcademicYear($0.lower)...AcademicYear($0.upper) }
                let evaluator = PANEvaluator(forecast: base.forecast, areas: supply.areas, supply: supply.plan, settings: supply.settings)
                let advisor = PANAdvisor(evaluator: evaluator, rules: rules, origin: base.forecast.origin)
                let outcomes = supply.areas.map { advisor.advise(area: $0.code) }
                let searched = DispatchTime.now()
                let yaml = ScenarioFile.suggestedYAML(outcomes, schools: supply.plan.schools, rules: rules,
                                                      target: supply.settings.targetPercent, band: supply.settings.bandPercent,
                                                      path: (out as NSString).appendingPathComponent("suggested.yaml"))
                let written = try RunDirectory(url: URL(fileURLWithPath: out), displayPath: out).commit(
                    files: [("suggested.yaml", yaml)],
                    record: ["command": "scenario suggest", "placeplan_version": PlacePlan.version,
                             "step": step, "min_pan": minPAN, "interval": interval,
                             "inputs": loaded.files.map { ["path": $0.path, "bytes": $0.bytes, "fnv1a64": $0.checksum] }])
                print(ScenarioRun.suggestionTable(outcomes, target: supply.settings.targetPercent, band: supply.settings.bandPercent))
                let fit = Double(fitted.uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                let search = Double(searched.uptimeNanoseconds - fitted.uptimeNanoseconds) / 1e9
                print(String(format: "\nForecast %.2f s, search %.4f s.", fit, search))
                print("Wrote \(written.joined(separator: ", ")).")
            }
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmark: PAN scenarios evaluated per second on a fixed forecast (no re-fitting).")

        @OptionGroup var common: Common
        @Option(help: "Scenarios to evaluate.") var count: Int = 200_000

        func run() throws {
            try CommandFailure.wrapping {
                let (loaded, supply) = try common.load()
                let base = try ForecastRun(loaded, horizon: common.horizon)
                let evaluator = PANEvaluator(forecast: base.forecast, areas: supply.areas, supply: supply.plan, settings: supply.settings)
                let entrySchools = supply.plan.schools.filter { $0.phase == .primary || $0.phase == .secondary }
                var generator = SystemRandomNumberGenerator()
                let first = PlanningRules.firstChangeableIntake(origin: base.forecast.origin)
                // One scenario: one school's PAN cut by 15 or 30 from an intake in the horizon, its area re-evaluated.
                let scenarios = (0..<1000).map { _ -> PANChange in
                    let school = entrySchools.randomElement(using: &generator)!
                    let entry: YearGroup = school.phase == .primary ? .reception : YearGroup(index: 7)!
                    return PANChange(schoolID: school.id, fromYear: first.advanced(by: Int.random(in: 0...3, using: &generator)),
                                     entryGroup: entry, newPAN: max(0, school.pan - [15, 30].randomElement(using: &generator)!))
                }
                let areaOf = Dictionary(uniqueKeysWithValues: entrySchools.map { ($0.id, $0.areaCode) })
                var checksum = 0.0
                let start = DispatchTime.now()
                for index in 0..<count {
                    let change = scenarios[index % scenarios.count]
                    let area = areaOf[change.schoolID]!
                    let capacity = evaluator.evaluate(area: area, changes: [change]).capacity
                    checksum += evaluator.surplusPercent(area: area, capacity: capacity).last ?? 0
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                print(String(format: "%d PAN scenarios in %.3f s: %.0f scenarios/s, %.2f µs each (checksum %.1f)",
                             count, seconds, Double(count) / seconds, seconds / Double(count) * 1e6, checksum))
            }
        }
    }
}

/// One scenario's results.
struct ScenarioRun {
    let scenario: Scenario
    let result: PlacePlanningResult
    /// Special-school places surplus (negative: short) LA-wide in the last forecast year, when SEND is forecast.
    let specialSchoolSurplus: Double?

    init(_ scenario: Scenario, model: ForecastModel?, loaded: InputSet, base: ForecastRun) throws {
        self.scenario = scenario
        var inputs = loaded
        let supply = loaded.supply!
        inputs.supply!.plan = scenario.applied(to: supply.plan)
        let run: ForecastRun
        if scenario.changesDemand || scenario.sendGrowthPoints != nil {
            inputs.forecastInputs = scenario.applied(to: loaded.forecastInputs, origin: base.forecast.origin)
            if let model { inputs.model = model }
            run = try ForecastRun(inputs, horizon: base.forecast.horizon, sendGrowthPoints: scenario.sendGrowthPoints ?? 0)
        } else {
            run = base
        }
        let forecast = run.forecast
        let lastYear = forecast.years.upperBound
        let laCodes = Set(supply.areas.map(\.laCode))
        specialSchoolSurplus = run.send?.places.first {
            laCodes.contains($0.areaCode) && $0.phase == nil && $0.year == lastYear
        }?.specialSchoolSurplus
        let planner = PlacePlanner(
            areas: supply.areas, supply: inputs.supply!.plan,
            allocator: SchoolAllocator(supply: inputs.supply!.plan, rolls: supply.rolls, capToPlaces: supply.capToCapacity,
                                       censusYear: forecast.origin),
            settings: supply.settings, finance: supply.finance)
        result = planner.plan(forecast, census: loaded.forecastInputs.pupils)
    }

    /// `scenarios.csv`: `scenario,area_code,phase,year,capacity,pupils,surplus_pct,places_needed,status` for the
    /// forecast years, per planning area and LA total (places_needed: the area's, or for the LA the sum of its
    /// areas' shortfalls).
    static func csv(_ runs: [ScenarioRun], areas: [PlanningArea]) -> String {
        var writer = CSVWriter(header: ["scenario", "area_code", "phase", "year", "capacity", "pupils", "surplus_pct",
                                        "places_needed", "status"])
        for run in runs {
            var needed: [String: Double] = [:]
            for row in run.result.placesNeeded where row.yearGroup == nil {
                needed["\(row.areaCode)|\(row.phase.rawValue)|\(row.year.startYear)"] = row.placesNeeded
            }
            for row in run.result.surplus where row.isForecast {
                writer.append([run.scenario.name, row.areaCode, row.phase.rawValue, String(row.year.startYear),
                               CSVWriter.number(row.capacity), CSVWriter.number(row.pupils),
                               row.surplusPercent.map { CSVWriter.number($0, decimals: 2) } ?? "",
                               needed["\(row.areaCode)|\(row.phase.rawValue)|\(row.year.startYear)"].map { CSVWriter.number($0) } ?? "",
                               row.status.rawValue])
            }
        }
        return writer.text
    }

    /// Side by side: planning-area-years by status, LA surplus by phase in the last forecast year, build cost,
    /// schools at high deficit risk.
    static func summary(_ runs: [ScenarioRun], areas: [PlanningArea]) -> String {
        let laCodes = Set(areas.map(\.laCode))
        func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        var lines = ["Scenario".padding(toLength: 26, withPad: " ", startingAt: 0)
            + pad("short", 7) + pad("below", 7) + pad("within", 8) + pad("excess", 8)
            + pad("LA pri %", 10) + pad("LA sec %", 10) + pad("build £m", 10) + pad("high risk", 11) + pad("special", 9)]
        for run in runs {
            let areaRows = run.result.surplus.filter { $0.isForecast && !laCodes.contains($0.areaCode) }
            func count(_ status: SurplusStatus) -> String { String(areaRows.filter { $0.status == status }.count) }
            let lastYear = run.result.surplus.map(\.year).max()
            func la(_ phase: Phase) -> String {
                run.result.surplus.first { laCodes.contains($0.areaCode) && $0.phase == phase && $0.year == lastYear }?
                    .surplusPercent.map { String(format: "%.1f", $0) } ?? "-"
            }
            let cost = run.result.buildNeeds.reduce(0) { $0 + $1.costExpansion } / 1e6
            let high = Set(run.result.deficitRisk.filter { $0.level == .high }.map(\.school.id)).count
            lines.append(run.scenario.name.padding(toLength: 26, withPad: " ", startingAt: 0)
                + pad(count(.shortfall), 7) + pad(count(.belowTarget), 7) + pad(count(.withinBand), 8) + pad(count(.excess), 8)
                + pad(la(.primary), 10) + pad(la(.secondary), 10) + pad(String(format: "%.1f", cost), 10) + pad(String(high), 11)
                + pad(run.specialSchoolSurplus.map { String(Int($0.rounded())) } ?? "-", 9))
        }
        lines.append("(planning-area-years over the forecast horizon by status; LA surplus in \(runs.first?.result.surplus.map(\.year).max().map(String.init(describing:)) ?? "-"); build cost at permanent-expansion rates; high risk: schools at high deficit risk in any year; special: special-school places surplus, negative = short, LA-wide in the last year)")
        return lines.joined(separator: "\n")
    }

    /// The advisor's before/after table.
    static func suggestionTable(_ outcomes: [PANAdvisor.AreaOutcome], target: Double, band: Double) -> String {
        var lines = ["PAN advisor: surplus % before -> after (target \(CSVWriter.number(target))%, band \(CSVWriter.number(band))%)"]
        for outcome in outcomes {
            let pairs = zip(outcome.years, zip(outcome.surplusBefore, outcome.surplusAfter)).map { year, values in
                "\(year.startYear) \(String(format: "%.1f", values.0))" + (abs(values.0 - values.1) > 0.05 ? "->\(String(format: "%.1f", values.1))" : "")
            }
            let changes = outcome.proposals.isEmpty ? "no change"
                : outcome.proposals.map { "\($0.change.schoolID) \(CSVWriter.number($0.oldPAN))->\(CSVWriter.number($0.change.newPAN)) from \($0.change.fromYear.startYear)" }
                    .joined(separator: ", ")
            lines.append("  \(outcome.areaCode): \(changes)")
            lines.append("      " + pairs.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
