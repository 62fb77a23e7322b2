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
            --year-group 3 --school PRI002. For early years: placeplan explain --early-years P01 --year 2026 --age 3-4 \
            (births → population → take-up → funded → minus Reception → new entitlements → places → surplus).
            """
    )

    @Option(help: "Area code as in pupils.csv: a planning area such as P01 (an LA code in a national file).")
    var area: String?
    @Option(help: "Academic year after the origin: 2022 or 2022/23.") var year: String
    @Option(name: .customLong("year-group"), help: "Year group: R or 1-13 (Y3 and Year 3 also work).")
    var yearGroup: String?
    @Option(
        name: .customLong("early-years"),
        help: "Explain an early-years figure instead: a primary planning area (or the LA code) of early_years.csv.")
    var earlyYears: String?
    @Option(help: "Early-years age band: under-2, 2 or 3-4 (with --early-years).") var age: String?
    @Option(help: "Also show this school's share, places and deficit risk.") var school: String?
    @OptionGroup var input: InputOptions

    func validate() throws {
        guard AcademicYear(label: year) != nil else {
            throw ValidationError("--year must be an academic year such as 2022 or 2022/23 (got '\(year)')")
        }
        if earlyYears != nil {
            guard let age, EarlyYearsAge(spoken: age) != nil else {
                throw ValidationError("--early-years needs --age under-2, 2 or 3-4 (got '\(age ?? "")')")
            }
            return
        }
        guard area != nil else { throw ValidationError("--area is needed (or --early-years AREA --age A)") }
        guard let yearGroup, YearGroup(spoken: yearGroup) != nil else {
            throw ValidationError("--year-group must be R or 1 to 13 (got '\(yearGroup ?? "")')")
        }
        guard AcademicYear(label: year) != nil else {
            throw ValidationError("--year must be an academic year such as 2022 or 2022/23 (got '\(year)')")
        }
    }

    func run() throws {
        try CommandFailure.wrapping {
            let loaded = try input.load()
            let run = try PipelineRun(loaded, horizon: input.horizon)
            if let earlyYears {
                try explainEarlyYears(earlyYears, run: run, loaded: loaded)
                return
            }
            let code = try loaded.areaCode(area!)
            do throws(ExplainError) {
                print(
                    try ExplainReport.explain(
                        area: code, year: AcademicYear(label: year)!,
                        group: YearGroup(spoken: yearGroup!)!,
                        forecast: run.forecast,
                        inputs: loaded.forecastInputs, planning: run.planning, school: school,
                        knownIntakesFile: loaded.knownIntakes?.file))
            } catch {
                throw CommandFailure(message: error.description)
            }
        }
    }

    func explainEarlyYears(_ area: String, run: PipelineRun, loaded: InputSet) throws {
        guard let outcome = run.earlyYears else {
            throw CommandFailure(message: loaded.earlyYearsNote ?? "Early years: no forecast")
        }
        let target = AcademicYear(label: year)!
        let births = loaded.forecastInputs.births
        guard
            let text = EarlyYearsReport.explain(
                area: area, laCode: outcome.laOf[area] ?? area, year: target, age: EarlyYearsAge(spoken: age!)!,
                forecast: outcome.forecast, births: { births.births(area, $0) }, settings: outcome.settings,
                providers: outcome.withPlaces ? loaded.earlyYears?.providers : nil)
        else {
            let years = outcome.forecast.rows.map(\.year)
            throw CommandFailure(
                message:
                    "no early-years figure for \(area), \(target), age \(age!): areas are "
                    + Set(outcome.forecast.rows.map(\.areaCode)).sorted().joined(separator: ", ")
                    + "; years \(years.min().map { "\($0)" } ?? "-") to \(years.max().map { "\($0)" } ?? "-")")
        }
        print(text)
    }
}
