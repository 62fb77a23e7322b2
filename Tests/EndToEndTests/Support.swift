import Foundation
import PlaceIO
import Testing

/// The repository root (three levels above this file).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The real national data, read in place from `../shared` (or `PLACEPLAN_SHARED_DATA`); nil when absent.
let nationalData: URL? = {
    let candidates = [ProcessInfo.processInfo.environment["PLACEPLAN_SHARED_DATA"].map { URL(fileURLWithPath: $0) },
                      repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/england_la")]
    return candidates.compactMap { $0 }.first {
        FileManager.default.fileExists(atPath: $0.appendingPathComponent("pupils.csv").path)
    }
}()

let nationalDataMissing = "needs the national DfE/ONS data in ../shared/data/england_la (or PLACEPLAN_SHARED_DATA); not in this clone"

/// The built `placeplan`, next to the test bundle in the build products folder.
let placeplanBinary: URL = {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var folder = executable.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("placeplan").path), folder.path != "/" {
        folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("placeplan")
}()

struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs `placeplan` with `arguments` in `directory` (the repository root by default).
func placeplan(_ arguments: [String], in directory: URL = repositoryRoot) throws -> CommandResult {
    let process = Process()
    process.executableURL = placeplanBinary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("placeplan-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A CSV file as header → column index and rows of fields (parsed by PlaceIO's RFC 4180 reader, which has its
/// own unit tests), so names with commas such as "Kingston upon Hull, City of" stay one field.
struct SimpleCSV {
    let columns: [String: Int]
    let rows: [[String]]

    init(_ url: URL) throws {
        let table = try CSVTable(contentsOf: url, displayPath: url.path)
        columns = Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($1, $0) })
        rows = table.records.map(\.fields)
    }

    func values(_ column: String) -> [String] { rows.map { $0[columns[column]!] } }
}
