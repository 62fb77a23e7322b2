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

    @Option(help: "Area code as in pupils.csv: a planning area such as P01 (an LA code in a national file).")
    var area: String
    @Option(help: "Academic year after the origin: 2022 or 2022/23.") var year: String
    @Option(name: .customLong("year-group"), help: "Year group: R or 1-13 (Y3 and Year 3 also work).")
    var yearGroup: String
    @Option(help: "Also show this school's share, places and deficit risk.") var school: String?
    @OptionGroup var input: InputOptions

    func validate() throws {
        guard YearGroup(spoken: yearGroup) != nil else {
            throw ValidationError("--year-group must be R or 1 to 13 (got '\(yearGroup)')")
        }
        guard AcademicYear(label: year) != nil else {
            throw ValidationError("--year must be an academic year such as 2022 or 2022/23 (got '\(year)')")
        }
    }

    func run() throws {
        try CommandFailure.wrapping {
            let loaded = try input.load()
            let run = try PipelineRun(loaded, horizon: input.horizon)
            do throws(ExplainError) {
                print(
                    try ExplainReport.explain(
                        area: area, year: AcademicYear(label: year)!, group: YearGroup(spoken: yearGroup)!,
                        forecast: run.forecast,
                        inputs: loaded.forecastInputs, planning: run.planning, school: school))
            } catch {
                throw CommandFailure(message: error.description)
            }
        }
    }
}
