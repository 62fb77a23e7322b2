import ArgumentParser
import Foundation
import PlaceIO
import PlacePipeline

/// `placeplan monitor`: last year's forecast against the new census, by area, phase and year group.
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Set a previous forecast against a newer census: errors, interval hits, the DfE-style figure.",
        discussion: """
            Reads RUN/forecast.csv (and RUN/run.json) written by placeplan forecast and a newer census in the \
            pupils.csv layout, and for every year in both writes OUT/monitoring.csv (by planning area and phase, \
            then the LA), OUT/monitoring_cells.csv (year groups), OUT/monitor.xlsx and OUT/run.json. A previous \
            run in OUT is moved to OUT/archive/.
            """
    )

    @Option(
        name: .customLong("run"), help: "Folder of a previous placeplan forecast run (with forecast.csv and run.json).")
    var runFolder: String

    @Option(help: "The newer census: area_code,area_name,year,year_group,pupils.")
    var census: String

    @Option(help: "Output folder.")
    var out: String = "outputs/monitor"

    func run() throws {
        try CommandFailure.wrapping {
            try MonitorRun.checkOutput(out, runFolder: runFolder)
            let monitor = try MonitorRun(runFolder: runFolder, census: census)
            for warning in monitor.warnings { FileHandle.standardError.write(Data("Warning: \(warning)\n".utf8)) }
            let workbook: Data
            do {
                workbook = try monitor.workbook()
            } catch {
                throw CommandFailure(message: "\(out)/monitor.xlsx: cannot build the workbook (\(error))")
            }
            let written = try RunDirectory(url: URL(fileURLWithPath: out), displayPath: out).commit(
                files: monitor.files.map { ($0, Data($1.utf8)) } + [("monitor.xlsx", workbook)],
                record: monitor.record(runFolder: runFolder, version: PlacePlan.version))
            print(monitor.summary)
            print("")
            print("Wrote \(written.joined(separator: ", ")).")
        }
    }
}
