import ArgumentParser
import Foundation
import PlaceForecast
import PlaceIO
import PlacePipeline

/// `placeplan explain`: how one forecast number was made.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how one number was made: census, ratios and their windows, housing, places used.",
        discussion: """
            Runs the same forecast as `placeplan forecast` (same inputs and model, nothing written) and prints the \
            chain from the census to the number asked for. Example: placeplan explain --area P01 --year 2022 \
            --year-group 3 --school PRI002
            """
    )

    @Option(help: "Planning area (or LA) code.") var area: String
    @Option(help: "Academic year (its first calendar year), after the origin.") var year: Int
    @Option(name: .customLong("year-group"), help: "Year group: R or 1-13.") var yearGroup: String
    @Option(help: "Also show this school's share, places and deficit risk.") var school: String?
    @OptionGroup var input: InputOptions

    func validate() throws {
        guard YearGroup(label: yearGroup) != nil else { throw ValidationError("--year-group must be R or 1 to 13") }
    }

    func run() throws {
        try CommandFailure.wrapping {
            let loaded = try input.load()
            let run = try PipelineRun(loaded, horizon: input.horizon)
            do throws(ExplainError) {
                print(
                    try ExplainReport.explain(
                        area: area, year: AcademicYear(year), group: YearGroup(label: yearGroup)!,
                        forecast: run.forecast,
                        inputs: loaded.forecastInputs, planning: run.planning, school: school))
            } catch {
                throw CommandFailure(message: error.description)
            }
        }
    }
}
