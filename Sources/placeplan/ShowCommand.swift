import ArgumentParser
import Foundation
import PlaceForecast
import PlaceIO
import PlacePipeline

/// `placeplan show`: one planning area's forecast as a small table at the terminal.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one area's forecast as a table: year groups across the census and forecast years.",
        discussion: """
            Runs the same forecast as `placeplan forecast` (nothing written). Example: placeplan show --area P01, or \
            placeplan show --area P01 --year-group R for one year group with its 80% interval and the census years \
            before it.
            """
    )

    @Option(help: "Planning area code as in pupils.csv (e.g. P01); lower case is accepted.") var area: String
    @Option(name: .customLong("year-group"), help: "One year group: R or 1-13 (Y3 and Year 3 also work).")
    var yearGroup: String?
    @OptionGroup var input: InputOptions

    func validate() throws {
        if let yearGroup, YearGroup(spoken: yearGroup) == nil {
            throw ValidationError("--year-group must be R or 1 to 13 (got '\(yearGroup)')")
        }
    }

    func run() throws {
        try CommandFailure.wrapping {
            let loaded = try input.load()
            let code = try loaded.areaCode(area)
            let run = try PipelineRun(loaded, horizon: input.horizon)
            print(
                ForecastReport.areaTable(
                    run.forecast, census: loaded.forecastInputs.pupils, area: code,
                    yearGroup: yearGroup.flatMap(YearGroup.init(spoken:))))
        }
    }
}
