import Foundation
import PlaceForecast
import PlaceIO

/// What validation sets aside so that reading goes on past a problem it has reported, and the files it checks in
/// place of the inputs folder's. Commands read with none of it.
public struct ReadingAdjustments: Sendable {
    /// Lines of a CSV file (by path) left out: rows already reported.
    public var droppedLines: [String: Set<Int>] = [:]
    /// Optional files (by path) left out after a problem that concerns the whole file; their defaults apply.
    public var skippedFiles: Set<String> = []
    /// Files to read instead of the inputs folder's file of the same name (`schools.csv` → the path given).
    public var replacements: [String: String] = [:]

    public init(replacements: [String: String] = [:]) { self.replacements = replacements }
}

/// Everything `placeplan validate` found: errors (a command would stop at the first) and warnings (a command goes on
/// and prints them), each located as precisely as the problem allows.
public struct ValidationReport: Sendable {
    public var errors: [String] = []
    public var warnings: [String] = []
    /// What could not be checked because of an error (e.g. every check needing a pupils file that cannot be read).
    public var notChecked: [String] = []
    /// Every file read, as the user would name it.
    public var filesChecked: [String] = []
}

/// Runs every check on every input in one pass: the readers' checks on each file (reading on past a bad row by
/// setting it aside, past a bad optional file by leaving it out), the checks across files, the forecast's own
/// checks (an area without births), the plausibility warnings, and every model and scenario file.
public enum InputValidation {
    /// At most this many errors are listed (a file of the wrong kind could give one per row).
    public static let maximumErrors = 100

    /// The input files `validate` recognises by name, as the inputs folder holds them.
    public static let inputFileNames: Set<String> = [
        "pupils.csv", "births.csv", "transfer.csv", "housing.csv", "yields.yaml", "planning_areas.csv",
        "schools.csv", "pan_changes.csv", "school_rolls.csv", "planning.yaml", "finance.yaml", "ehcp.csv",
        "ehcp_new.csv", "send_settings.csv", "early_years.csv", "early_years_providers.csv", "early_years.yaml",
        "intakes.csv",
    ]

    /// Checks the inputs `locations` names, with `files` given in place of the folder's files of the same name;
    /// model and scenario YAML files among `files` are checked as such. With no model or scenario file given,
    /// every `models/*.yaml` and `models/scenarios/*.yaml` is checked.
    public static func run(_ locations: InputLocations, files: [String] = [], horizon: Int? = nil) -> ValidationReport {
        var report = ValidationReport()
        var adjustments = ReadingAdjustments()
        var models: [String] = []
        var scenarios: [String] = []
        for path in files {
            let name = (path as NSString).lastPathComponent
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
                report.errors.append(InputError(file: path, problem: "file not found").description)
            } else if isFolder.boolValue, FileManager.default.fileExists(atPath: path + "/pupils.csv") {
                report.errors.append(
                    InputError(
                        file: path, problem: "this is an inputs folder, not a file",
                        hint: "Give --inputs \(path) to check the folder's files"
                    ).description)
            } else if isFolder.boolValue {
                scenarios.append(path)  // refused as `scenario run` refuses it, in the same words
            } else if inputFileNames.contains(name) {
                adjustments.replacements[name] = path
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                if isModelFile(path) { models.append(path) } else { scenarios.append(path) }
            } else {
                report.errors.append(
                    InputError(
                        file: path, problem: "not an input file validate knows by name",
                        hint:
                            "Name it as the input it stands for (\(inputFileNames.sorted().joined(separator: ", "))), "
                            + "or give a model or scenario .yaml file"
                    ).description)
            }
        }

        let loaded = readOnPastProblems(locations, adjustments: &adjustments, into: &report)
        if models.isEmpty && scenarios.isEmpty {
            models = yamlFiles(in: InputSet.modelFolder).filter {
                !ModelFile.notModels.contains(($0 as NSString).lastPathComponent)
            }
            scenarios = ScenarioPipeline.scenarioFiles([])
            if models.isEmpty {
                report.notChecked.append(
                    "model and scenario files: no \(InputSet.modelFolder)/ folder in "
                        + "\(FileManager.default.currentDirectoryPath) (run from the repository root, or give the "
                        + "files)"
                )
            }
        }
        for path in models {
            report.filesChecked.append(path)
            do { _ = try ModelFile.read(URL(fileURLWithPath: path), displayPath: path) } catch {
                report.errors.append(error.description)
            }
        }
        guard let loaded else {
            if !scenarios.isEmpty { report.notChecked.append("scenario files: they need the inputs read first") }
            return report
        }

        var origin = loaded.forecastInputs.pupils.lastYear ?? AcademicYear(0)
        if !adjustments.droppedLines.isEmpty || !adjustments.skippedFiles.isEmpty {
            // With rows or files set aside, the forecast's own checks would report their absence, not the inputs.
            report.notChecked.append("the forecast's own checks (they need every row): fix the errors and run again")
            checkScenarios(scenarios, loaded: loaded, origin: origin, into: &report)
            return report
        }
        do {
            let run = try PipelineRun(loaded, horizon: horizon)
            origin = run.forecast.origin
            report.warnings += run.forecast.skipped.map {
                "\($0.area.code) (\($0.area.name)) cannot be forecast and is skipped: \($0.reason)"
            }
        } catch {
            report.errors.append(Self.message(error))
        }
        checkScenarios(scenarios, loaded: loaded, origin: origin, into: &report)
        return report
    }

    /// Reads the inputs again and again, each time setting aside what the last error concerned (its row, or its
    /// optional file) so that every problem is reported; nil when a pupils or births file cannot be read at all.
    private static func readOnPastProblems(
        _ locations: InputLocations, adjustments: inout ReadingAdjustments, into report: inout ValidationReport
    ) -> InputSet? {
        let required = locations.requiredFiles(replacements: adjustments.replacements)
        var errors: [InputError] = []
        // The first field of every row set aside (a school's or area's id), and rows elsewhere left unchecked
        // because they name one of them: "unknown school '116088'" is then a consequence, not a new problem.
        var setAsideKeys: [String: Set<String>] = [:]  // by the file's name: schools.csv → its ids set aside
        var consequences: [String: Int] = [:]
        defer {
            report.errors += collapsed(errors)
            for (file, count) in consequences.sorted(by: { $0.key < $1.key }) {
                report.notChecked.append(
                    "\(file): \(count) row(s) naming a school or area whose own row has an error above (checked once "
                        + "that row is fixed)")
            }
        }
        while errors.count < maximumErrors {
            do {
                let loaded = try InputSet.load(locations, adjustments: adjustments)
                // Values judged with rows set aside would mislead: the warnings wait for a clean read.
                report.warnings += adjustments.droppedLines.isEmpty ? loaded.warnings : loaded.toleranceWarnings
                if !adjustments.droppedLines.isEmpty, loaded.warnings.count > loaded.toleranceWarnings.count {
                    report.notChecked.append("the warnings on values (they need every row): fix the errors first")
                }
                report.filesChecked += loaded.files.map(\.path)
                return loaded
            } catch let error as InputError {
                let isCSV = !(error.file.hasSuffix(".yaml") || error.file.hasSuffix(".yml"))
                if isCSV, let line = error.line, line > 1, error.problem.hasPrefix("unknown"),
                    let named = quoted(error.problem),
                    definingFiles(of: error.problem).contains(where: {
                        setAsideKeys[$0]?.contains(named) == true
                    })
                {
                    consequences[error.file, default: 0] += 1
                    adjustments.droppedLines[error.file, default: []].insert(line)
                    continue
                }
                errors.append(error)
                if isCSV, let line = error.line, line > 1, !error.spansRows,
                    adjustments.droppedLines[error.file]?.contains(line) != true
                {
                    adjustments.droppedLines[error.file, default: []].insert(line)
                    if let key = firstField(of: error.file, line: line) {
                        setAsideKeys[(error.file as NSString).lastPathComponent, default: []].insert(key)
                    }
                } else if [required.pupils, required.births].contains(error.file) {
                    report.notChecked.append("everything that needs \(error.file) read whole: fix it and run again")
                    return nil
                } else {
                    adjustments.skippedFiles.insert(error.file)
                    report.notChecked.append(
                        "\(error.file): left out after its error above, so files that need it were not checked "
                            + "(settings files: the defaults stood in)")
                }
            } catch {
                report.errors.append(Self.message(error))
                return nil
            }
        }
        report.notChecked.append("anything after the first \(maximumErrors) errors")
        return nil
    }

    /// The files whose rows define what an "unknown …" problem names: schools for a school, the planning areas and
    /// the pupils file for an area.
    static func definingFiles(of problem: String) -> [String] {
        if problem.hasPrefix("unknown school") { return ["schools.csv"] }
        if problem.hasPrefix("unknown planning area") || problem.hasPrefix("unknown primary planning area") {
            return ["planning_areas.csv"]
        }
        if problem.hasPrefix("unknown area") { return ["pupils.csv", "planning_areas.csv"] }
        return []
    }

    /// The value in quotes in a problem (`unknown school '116088'` → 116088), if any.
    static func quoted(_ problem: String) -> String? {
        let parts = problem.split(separator: "'", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }

    /// The first field of line `line` of a CSV file (a row's id), trimmed; nil when the file cannot be read.
    static func firstField(of file: String, line: Int) -> String? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let lines = DecodedText.of(data, file: file).text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        guard line >= 1, line <= lines.count else { return nil }
        let field = lines[line - 1].split(separator: ",", omittingEmptySubsequences: false).first ?? ""
        return field.trimmingCharacters(in: CharacterSet(charactersIn: "\" ").union(.whitespaces))
    }

    /// The errors as printed, rows with the same problem in the same file folded into the first (a column of the
    /// wrong kind, or the rolls of a school whose own row was set aside, would otherwise fill the screen). Problems
    /// that differ only in the value quoted (`'2019/20' is not a whole number`, `'2020/21' …`) fold together.
    static func collapsed(_ errors: [InputError]) -> [String] {
        var order: [String] = []
        var lines: [String: [InputError]] = [:]
        for error in errors {
            let problem = error.problem.split(separator: "'", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset % 2 == 1 ? "…" : String($0.element) }.joined(separator: "'")
            let key = [error.file, error.column ?? "", problem, error.hint ?? ""].joined(separator: "\u{1F}")
            if lines[key] == nil { order.append(key) }
            lines[key, default: []].append(error)
        }
        return order.map { key in
            let same = lines[key]!
            guard same.count > 1 else { return same[0].description }
            let more = same.dropFirst().compactMap(\.line).map(String.init)
            let listed = more.count > 5 ? more.prefix(5).joined(separator: ", ") + ", …" : more.joined(separator: ", ")
            return same[0].description + " (the same problem on \(more.count) more line(s): \(listed))"
        }
    }

    /// Reads each scenario file against the inputs, as `scenario run` does; their warnings (a change that changes
    /// nothing) are warnings here.
    private static func checkScenarios(
        _ paths: [String], loaded: InputSet, origin: AcademicYear, into report: inout ValidationReport
    ) {
        guard !paths.isEmpty else { return }
        guard let supply = loaded.supply else {
            report.notChecked.append("scenario files: they need planning_areas.csv and schools.csv in the inputs")
            return
        }
        let context = ScenarioFile.Context(
            schools: supply.plan.schools, areas: supply.areas, origin: origin,
            providers: loaded.earlyYears?.providers, hasEarlyYears: loaded.earlyYears != nil)
        var names: [String: String] = [:]
        for path in paths {
            report.filesChecked.append(path)
            do {
                let scenario = try ScenarioFile.read(URL(fileURLWithPath: path), displayPath: path, context: context)
                _ = try ScenarioPipeline.model(for: scenario)
                report.warnings += scenario.warnings.map { "\(path): \($0)" }
                if let earlier = names[scenario.name] {
                    report.errors.append(
                        InputError(
                            file: path, problem: "the scenario name '\(scenario.name)' is also used by \(earlier)",
                            hint: "Give each scenario its own name"
                        ).description)
                }
                names[scenario.name] = path
            } catch {
                report.errors.append(error.description)
            }
        }
    }

    /// Whether a YAML file is a model (it has `intake:` or `progression:` at the top level) rather than a scenario.
    static func isModelFile(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return text.split(separator: "\n").contains { $0.hasPrefix("intake:") || $0.hasPrefix("progression:") }
    }

    private static func yamlFiles(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted().map { (folder as NSString).appendingPathComponent($0) }
    }

    /// An error's message as the commands print it.
    static func message(_ error: any Error) -> String {
        switch error {
        case let error as ForecastError: return error.message
        case let error as PipelineError: return error.description
        default: return "\(error)"
        }
    }
}
