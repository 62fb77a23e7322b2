import ArgumentParser
import Foundation
import PlaceForecast
import PlaceIO
import PlacePipeline

/// `placeplan compare`: the LA against England, its statistical neighbours and the core cities.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Place the LA against England, its statistical neighbours and the core cities.",
        discussion: """
            Reads the national data by LA (pupils.csv, births.csv, areas.csv, ehcp.csv in --data), forecasts and \
            backtests every LA with the auto model, and writes OUT/compare.csv (every LA × measure, with its \
            group), OUT/compare_groups.csv (the groups' medians and ranges) and OUT/run.json. See docs/compare.md.
            """
    )

    @Option(help: "The LA's code (or its name in areas.csv). Default: la_code in inputs/planning_areas.csv.")
    var la: String?

    @Option(help: "National data folder with pupils.csv, births.csv, areas.csv and ehcp.csv by LA.")
    var data: String = CompareOptions.defaultData

    @Option(help: "Comparator groups: statistical_neighbours and core_cities.")
    var comparators: String = CompareOptions.defaultComparators

    @Option(help: "Origin: the last census year used, as 2022 or 2022/23 (default: the last year of the data).")
    var origin: String?

    @Option(help: "Output folder.")
    var out: String = "outputs/compare"

    func validate() throws {
        if let origin, AcademicYear(label: origin) == nil {
            throw ValidationError("--origin must be an academic year such as 2022 or 2022/23 (got '\(origin)')")
        }
    }

    func run() throws {
        try CommandFailure.wrapping {
            let options = CompareOptions(
                la: la, data: data, comparators: comparators, origin: origin.flatMap(AcademicYear.init(label:)))
            let outcome = try ComparePipeline.run(options, version: PlacePlan.version)
            let written = try RunDirectory(url: URL(fileURLWithPath: out), displayPath: out)
                .commit(files: outcome.files, record: outcome.record)
            print(outcome.table)
            print("")
            print("Wrote \(written.joined(separator: ", ")).")
        }
    }
}
