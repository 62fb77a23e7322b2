import ArgumentParser
import Foundation
import PlaceForecast
import PlaceIO
import PlacePipeline

/// `placeplan forecast`: reads the inputs, forecasts, writes `forecast.csv`, `ratios.csv` and `run.json`.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast pupils by area, academic year and year group (R to 13) by cohort survival.",
        discussion: """
            Reads pupils.csv and births.csv (and transfer.csv, housing.csv, intakes.csv when present) from \
            --inputs, fits the \
            model's ratios on the history up to the last year in pupils.csv (the origin), and writes \
            OUT/forecast.csv, OUT/ratios.csv and OUT/run.json. A previous run in OUT is moved to OUT/archive/.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Output folder.")
    var out: String = "outputs"

    @Flag(help: "Stop, writing nothing, when an area cannot be forecast (by default it is skipped and named).")
    var strict = false

    /// The run id to record instead of a new one: set by `placeplan rerun`, so a rerun writes the same bytes.
    @Option(name: .customLong("run-id"), help: .hidden) var runID: String?

    func run() throws {
        try CommandFailure.wrapping {
            var timer = StageTimer()
            let loaded = try input.load()
            timer.lap("reading and checking inputs")
            let run = try PipelineRun(loaded, horizon: input.horizon)
            if strict, !run.forecast.skipped.isEmpty {
                throw CommandFailure(
                    message: "--strict: \(run.forecast.skipped.count) area(s) cannot be forecast: "
                        + run.forecast.skipped.map { "\($0.area.code) (\($0.area.name)): \($0.reason)" }
                        .joined(separator: "; ") + ". Nothing was written")
            }
            let text = run.summary(loaded)
            let runID = self.runID ?? RunDirectory.newRunID()
            timer = StageTimer()
            let documents = try run.outputs(loaded, summary: text, runID: runID, version: PlacePlan.version)
            timer.lap("CSV text, workbook and report")
            let written = try RunDirectory(url: URL(fileURLWithPath: out), displayPath: out).commit(
                files: documents.files.map { ($0, Data($1.utf8)) } + [
                    ("placeplan.xlsx", documents.workbook), ("report.html", Data(documents.report.utf8)),
                ],
                record: run.record(loaded, version: PlacePlan.version).merging(
                    ["arguments": Array(CommandLine.arguments.dropFirst())], uniquingKeysWith: { $1 }),
                runID: runID)
            timer.lap("writing files")
            print(text)
            print("")
            print("Wrote \(written.joined(separator: ", ")).")
        }
    }
}

/// Where the inputs come from: shared by every command.
struct DataOptions: ParsableArguments {
    @Option(
        help: """
            Folder with pupils.csv, births.csv and the optional transfer, housing, supply and SEND files \
            (default: inputs). Scenarios need its planning_areas.csv and schools.csv.
            """)
    var inputs: String?

    @Option(help: "Pupils file overriding <inputs>/pupils.csv: area_code,area_name,year,year_group,pupils.")
    var pupils: String?

    @Option(help: "Births file overriding <inputs>/births.csv: area_code,year,births.")
    var births: String?

    func validate() throws {
        if pupils != nil, inputs == nil, births == nil {
            throw ValidationError("--pupils needs --births too (or --inputs naming the folder that holds births.csv)")
        }
    }
}

/// Where the inputs come from, which model forecasts them and how far: shared by `forecast`, `explain` and the
/// `scenario` commands.
struct InputOptions: ParsableArguments {
    @OptionGroup var data: DataOptions

    @Option(help: "Model: a YAML file, or a name in models/ (default: auto, the automatic method choice).")
    var model: String?

    @Option(
        help: """
            Years ahead, 1 to \(ForecastModel.maximumHorizon) (default: the model's, normally \
            \(ForecastModel.defaultHorizon)).
            """)
    var horizon: Int?

    @Option(
        help: """
            Known intakes overriding <inputs>/intakes.csv: area_code,year,year_group,pupils (Reception or Year 7, \
            years after the last census), used in place of the projected entry.
            """)
    var intakes: String?

    func validate() throws {
        if let horizon, !(1...ForecastModel.maximumHorizon).contains(horizon) {
            throw ValidationError("--horizon must be 1 to \(ForecastModel.maximumHorizon) (got \(horizon))")
        }
    }

    /// Loads the inputs, running the checks `placeplan validate` runs, and prints their warnings (what was
    /// tolerated, values worth a look). Stops at the first error, pointing to `validate` for the rest.
    func load() throws -> InputSet {
        let inputs = try data.checked(intakes: intakes) {
            try InputSet.load(
                InputLocations(
                    inputs: data.inputs, pupils: data.pupils, births: data.births, model: model, intakes: intakes,
                    horizon: horizon))
        }
        printWarnings(inputs.warnings)
        return inputs
    }
}

extension DataOptions {
    /// Runs `body` (loading inputs); an input error is printed with a pointer to `placeplan validate`, which lists
    /// every problem in one pass where a command stops at the first.
    func checked<T>(intakes: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InputError {
            // Only files validate reads: the inputs, models and scenarios (not e.g. a scorecards file).
            let name = (error.file as NSString).lastPathComponent
            let validated =
                InputValidation.inputFileNames.contains(name) || name.hasSuffix(".yaml")
                || [pupils, births, intakes].contains(error.file)
            guard validated else { throw CommandFailure(message: error.description) }
            var command = "placeplan validate"
            if let inputs { command += " --inputs \(inputs)" }
            if let pupils { command += " --pupils \(pupils)" }
            if let births { command += " --births \(births)" }
            if let intakes { command += " --intakes \(intakes)" }
            throw CommandFailure(
                message: error.description + "\n(`\(command)` lists every problem in the inputs at once.)")
        }
    }
}

/// Prints warnings to standard error, at most `limit` of them, saying how many more `placeplan validate` lists.
func printWarnings(_ warnings: [String], limit: Int = 20) {
    for warning in warnings.prefix(limit) { FileHandle.standardError.write(Data("Warning: \(warning)\n".utf8)) }
    if warnings.count > limit {
        FileHandle.standardError.write(
            Data("Warning: \(warnings.count - limit) more warnings: `placeplan validate` lists them all.\n".utf8))
    }
}

/// An error already explained in words: printed as `Error: MESSAGE`, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }

    /// Runs `body`, turning input, forecast and pipeline errors into a `CommandFailure` with their message.
    static func wrapping(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as InputError {
            throw CommandFailure(message: error.description)
        } catch let error as ForecastError {
            throw CommandFailure(message: error.message)
        } catch let error as PipelineError {
            throw CommandFailure(message: error.description)
        }
    }
}
