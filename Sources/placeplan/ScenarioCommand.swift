import ArgumentParser
import Dispatch
import Foundation
import PlaceForecast
import PlaceIO
import PlacePipeline

/// `placeplan scenario`: what-ifs side by side, and the PAN advisor.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: """
            Compare what-ifs (PAN changes, schools, places, births, housing, SEND, method) against the surplus \
            target.
            """,
        subcommands: [Run.self, Suggest.self, Bench.self]
    )

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the base and each scenario on the same forecast; write OUT/scenarios.csv and compare them.",
            discussion: """
                Scenarios that change only supply reuse the base forecast and its intervals; those that change \
                births, housing or the method re-run it. Independent scenarios run in parallel.
                """)

        @Argument(help: "Scenario files (default: every models/scenarios/*.yaml).") var files: [String] = []
        @OptionGroup var common: InputOptions
        @Option(help: "Output folder.") var out: String = "outputs/scenarios"

        func run() throws {
            try CommandFailure.wrapping {
                let loaded = try common.load()
                let supply = try loaded.requireSupply()
                let base = try PipelineRun(loaded, horizon: common.horizon)
                let paths = ScenarioPipeline.scenarioFiles(files)
                if let note = ScenarioPipeline.noScenariosNote(given: files, found: paths) {
                    FileHandle.standardError.write(Data("Warning: \(note)\n".utf8))
                }
                let scenarios = try ScenarioPipeline.scenarios(paths, loaded: loaded, base: base)
                for (scenario, path) in zip(scenarios.dropFirst(), paths) {
                    for warning in scenario.warnings {
                        FileHandle.standardError.write(Data("Warning: \(path): \(warning)\n".utf8))
                    }
                }
                let runs = try ScenarioPipeline.run(scenarios, loaded: loaded, base: base).map(\.outcome)
                var files = [("scenarios.csv", Data(ScenarioReport.csv(runs).utf8))]
                if let earlyYears = ScenarioReport.earlyYearsCSV(runs) {
                    files.append(("scenarios_early_years.csv", Data(earlyYears.utf8)))
                }
                if let workbook = try ScenarioReport.workbook(runs, areas: supply.areas) {
                    files.append(("scenarios.xlsx", workbook))
                }
                if let page = try ScenarioReport.html(runs, areas: supply.areas) {
                    files.append(("scenarios.html", Data(page.utf8)))
                }
                let written = try RunDirectory(url: URL(fileURLWithPath: out), displayPath: out).commit(
                    files: files,
                    record: ScenarioPipeline.record(
                        scenarios, files: paths, loaded: loaded, base: base,
                        version: PlacePlan.version))
                print(ScenarioReport.summary(runs, areas: supply.areas))
                let differences = ScenarioReport.differences(runs, areas: supply.areas)
                if !differences.isEmpty { print("\n" + differences) }
                if let earlyYears = ScenarioReport.earlyYearsSummary(runs) { print("\n" + earlyYears) }
                print("")
                print("Wrote \(written.joined(separator: ", ")).")
            }
        }
    }

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: """
                Propose PAN reductions that bring planning areas toward the surplus band without creating a \
                shortfall.
                """,
            discussion: """
                Writes OUT/suggested.yaml, a scenario file `scenario run` accepts, with each change explained. See \
                docs/scenarios.md, 'PAN advisor', for what is optimised and how.
                """)

        @OptionGroup var common: InputOptions
        @Option(help: "Surplus target, per cent (default: planning.yaml's, normally 5).") var target: Double?
        @Option(help: "Upper surplus band, per cent (default: planning.yaml's, normally 10).") var band: Double?
        @Option(name: .customLong("min-pan"), help: "Never cut a PAN below this.") var minPAN: Double = 30
        @Option(help: "Reduce in steps of 15 (half a form of entry) or 30 (a whole form).") var step: Double = 30
        @Option(
            name: .customLong("max-steps-per-school"),
            help: """
                Most steps one school may lose (spreads cuts across schools).
                """)
        var maxStepsPerSchool: Int = 1
        @Option(
            help: """
                Years whose surplus is judged, A-B (default: the first intake a decision now can change, to the last \
                forecast year).
                """)
        var years: String?
        @Option(help: "Interval for the no-shortfall check: 80 or 95.") var interval: Int = 80
        @Option(help: "Comma-separated school ids never to cut.") var protect: String?
        @Option(
            name: .customLong("protect-below"),
            help: """
                Protect schools whose PAN is at or below this (e.g. 30 keeps one-form-entry schools whole).
                """)
        var protectBelow: Double = 0
        @Flag(
            name: .customLong("cut-full-schools"),
            help: """
                Allow cutting a school that was at least 95% full at the last census while a same-phase school in \
                its area with a PAN at least as large was under 85% full (by default it is spared).
                """)
        var cutFullSchools = false
        @Flag(
            inversion: .prefixedNo,
            help: """
                When an area of a phase is short, keep the phase's LA-wide surplus at or above the target in every \
                judged year where it was (default on).
                """)
        var keepLAMargin = true
        @Flag(
            name: .customLong("include-own-admission-authority"),
            help: """
                Propose changes at own-admission-authority schools (academies, free, voluntary-aided, foundation) \
                too; by default they are listed only as requests.
                """)
        var includeOwnAdmissionAuthority = false
        @Option(
            name: .customLong("first-intake"),
            help: """
                The intake the cuts apply from, 2025 or 2025/26 (default and earliest: origin + 3, the first a \
                decision after the census can change).
                """)
        var firstIntake: AcademicYear?
        @Option(
            help: """
                Output folder (its own, so the forecast's outputs are left as they are).
                """) var out: String = "outputs/suggest"

        func validate() throws {
            guard step == 15 || step == 30 else { throw ValidationError("--step must be 15 or 30") }
            guard interval == 80 || interval == 95 else { throw ValidationError("--interval must be 80 or 95") }
            guard maxStepsPerSchool >= 1 else { throw ValidationError("--max-steps-per-school must be at least 1") }
            _ = try years.map { try YearRange.parse($0, option: "--years", example: "2022-2026") }
        }

        func run() throws {
            try CommandFailure.wrapping {
                let loaded = try common.load()
                let supply = try loaded.requireSupply()
                let started = DispatchTime.now()
                let base = try PipelineRun(loaded, horizon: common.horizon)
                let fit = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                var rules = PANAdvisor.Rules()
                rules.step = step
                rules.minimumPAN = minPAN
                rules.maxStepsPerSchool = maxStepsPerSchool
                let schoolIDs = supply.plan.schools.map(\.id)
                rules.protectedSchools = Set(
                    try (protect ?? "").split(separator: ",").map {
                        let id = String($0).trimmingCharacters(in: .whitespaces)
                        guard schoolIDs.contains(id) else {
                            throw CommandFailure(
                                message: "--protect: no school '\(id)' in schools.csv."
                                    + Suggestions.didYouMean(id, among: schoolIDs)
                                    + " Give school ids as in the school_id column")
                        }
                        return id
                    })
                rules.protectAtOrBelow = protectBelow
                rules.interval = interval == 95 ? .ninetyFive : .eighty
                rules.years = try years.map {
                    try YearRange.parse($0, option: "--years", example: "2022-2026").academicYears
                }
                if let judged = rules.years,
                    !base.forecast.years.contains(judged.lowerBound)
                        || !base.forecast.years.contains(judged.upperBound)
                {
                    let forecastYears = base.forecast.years
                    throw CommandFailure(
                        message: "--years \(years ?? ""): the forecast runs from \(forecastYears.lowerBound) "
                            + "to \(forecastYears.upperBound). Judge years inside it, or raise --horizon")
                }
                rules.protectFullSchools = !cutFullSchools
                rules.keepLAMargin = keepLAMargin
                rules.includeOwnAdmissionAuthority = includeOwnAdmissionAuthority
                if let firstIntake {
                    let earliest = PlanningRules.firstChangeableIntake(origin: base.forecast.origin)
                    guard firstIntake >= earliest else {
                        throw CommandFailure(
                            message: "--first-intake \(firstIntake) is too early: a PAN decided after the January "
                                + "\(base.forecast.origin.startYear + 1) census (\(base.forecast.origin)) first "
                                + "applies to "
                                + "the September \(earliest.startYear) intake (\(earliest)): consultation October to "
                                + "January, determination by 28 February, admissions the September after. Use "
                                + "\(earliest) or later")
                    }
                    rules.firstIntake = firstIntake
                }
                let advice = AdvisorPipeline.advise(
                    base: base, supply: supply, rules: rules, target: target,
                    band: band)
                let yaml = ScenarioFile.suggestedYAML(
                    advice.outcomes, margins: advice.margins, schools: supply.plan.schools, rules: rules,
                    target: advice.target, band: advice.band,
                    path: (out as NSString).appendingPathComponent("suggested.yaml"))
                let written = try RunDirectory(url: URL(fileURLWithPath: out), displayPath: out).commit(
                    files: [("suggested.yaml", yaml)],
                    record: AdvisorPipeline.record(
                        rules: rules, interval: interval, loaded: loaded,
                        version: PlacePlan.version))
                print(
                    ScenarioReport.suggestionTable(
                        advice.outcomes, margins: advice.margins, target: advice.target, band: advice.band,
                        census: base.forecast.origin.startYear))
                print(String(format: "\nForecast %.2f s, search %.4f s.", fit, advice.searchSeconds))
                print("Wrote \(written.joined(separator: ", ")).")
            }
        }
    }

    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmark: PAN scenarios evaluated per second on a fixed forecast (no re-fitting).")

        @OptionGroup var common: InputOptions
        @Option(help: "Scenarios to evaluate.") var count: Int = 200_000

        func run() throws {
            try CommandFailure.wrapping {
                let loaded = try common.load()
                let base = try PipelineRun(loaded, horizon: common.horizon)
                let bench = AdvisorPipeline.bench(base: base, supply: try loaded.requireSupply(), count: count)
                print(
                    String(
                        format: "%d PAN scenarios in %.3f s: %.0f scenarios/s, %.2f µs each (checksum %.1f)",
                        bench.count, bench.seconds, Double(bench.count) / bench.seconds,
                        bench.seconds / Double(bench.count) * 1e6, bench.checksum))
            }
        }
    }
}
