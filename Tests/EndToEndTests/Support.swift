import Foundation
import TestSupport
import Testing

/// The built `placeplan`, found portably (no `/proc`): `PLACEPLAN_BINARY` if set; else the build products
/// folder that holds the running test bundle (`Bundle.main` is the test runner there, and on macOS the
/// `.xctest` bundle sits in that folder too); else `.build/debug/placeplan` under the repository root.
let placeplanBinary: URL = {
    let fileManager = FileManager.default
    if let path = ProcessInfo.processInfo.environment["PLACEPLAN_BINARY"] { return URL(fileURLWithPath: path) }
    let starts =
        [Bundle.main.executableURL, Bundle.main.bundleURL]
        + Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }.map(\.bundleURL)
    for start in starts.compactMap({ $0?.resolvingSymlinksInPath() }) {
        var folder = start.deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            let candidate = folder.appendingPathComponent("placeplan")
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                fileManager.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
    }
    return repositoryRoot.appendingPathComponent(".build/debug/placeplan")
}()

struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs `placeplan` with `arguments` in `directory` (the repository root by default), with `environment` added to
/// the test's own.
func placeplan(
    _ arguments: [String], in directory: URL = repositoryRoot, environment: [String: String] = [:]
) throws -> CommandResult {
    let process = Process()
    process.executableURL = placeplanBinary
    process.arguments = arguments
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.currentDirectoryURL = directory
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self))
}

/// `placeplan backtest` on the national pupils and births files in `data`, followed by `options`.
func nationalBacktestArguments(_ data: URL, _ options: [String]) -> [String] {
    [
        "backtest", "--pupils", data.appendingPathComponent("pupils.csv").path,
        "--births", data.appendingPathComponent("births.csv").path,
    ] + options
}
