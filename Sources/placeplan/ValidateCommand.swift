import ArgumentParser
import Foundation
import PlacePipeline

/// `placeplan validate`: every check on every input in one pass, errors and warnings apart.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every input file and list all problems at once: errors, then warnings. Writes nothing.",
        discussion: """
            Runs the checks every command runs first, but reads on past each problem (setting aside a bad row, or a \
            bad optional file) so that one run lists them all, each with file, line and column, the value found and \
            what is expected. Warnings (a count far from an area's other years, a ratio outside the usual range, a \
            school over capacity at the census, a gap in housing years, a change that changes nothing) do not stop \
            a run. FILES are checked in place of the inputs folder's files of the same name (e.g. a new \
            schools.csv), or as model or scenario files (.yaml); without them every models/*.yaml and \
            models/scenarios/*.yaml is checked too. Exit status 1 when there is an error, else 0.
            """
    )

    @Argument(help: "Files to check: input files named as in the inputs folder, or model or scenario .yaml files.")
    var files: [String] = []
    @OptionGroup var input: InputOptions

    func run() throws {
        let report = InputValidation.run(
            InputLocations(
                inputs: input.data.inputs, pupils: input.data.pupils, births: input.data.births,
                model: input.model, intakes: input.intakes, horizon: input.horizon),
            files: files, horizon: input.horizon)
        print("Checked \(report.filesChecked.count) files.")
        for (title, lines) in [
            ("Errors", report.errors), ("Warnings", report.warnings), ("Not checked", report.notChecked),
        ]
        where !lines.isEmpty {
            print("\n\(title) (\(lines.count)):")
            for line in lines { print("  \(line)") }
        }
        if report.errors.isEmpty {
            print("\nNo errors\(report.warnings.isEmpty ? " or warnings" : ""): the inputs can be forecast.")
        } else {
            throw ExitCode.failure
        }
    }
}
