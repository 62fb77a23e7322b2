import Foundation
import PlaceIO

/// The repository root (three levels above this file: Tests/TestSupport/Files.swift).
public let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The real national data, read in place from `../shared/data/england_la` (or `PLACEPLAN_SHARED_DATA`);
/// nil when absent.
public let nationalData: URL? = {
    let candidates = [
        ProcessInfo.processInfo.environment["PLACEPLAN_SHARED_DATA"].map { URL(fileURLWithPath: $0) },
        repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/england_la"),
    ]
    return candidates.compactMap { $0 }.first {
        FileManager.default.fileExists(atPath: $0.appendingPathComponent("pupils.csv").path)
    }
}()

/// Why the national tests were skipped (the `.enabled(if: nationalData != nil, …)` comment).
public let nationalDataMissing =
    "needs the national DfE/ONS data in ../shared/data/england_la (or PLACEPLAN_SHARED_DATA); not in this clone"

/// A new empty folder under the system's temporary folder; the caller removes it.
public func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("placeplan-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A CSV file as header → column index and rows of fields (parsed by PlaceIO's RFC 4180 reader, which has its
/// own unit tests), so names with commas such as "Kingston upon Hull, City of" stay one field.
public struct SimpleCSV: Sendable {
    public let columns: [String: Int]
    public let rows: [[String]]

    public init(_ url: URL) throws {
        let table = try CSVTable(contentsOf: url, displayPath: url.path)
        columns = Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($1, $0) })
        rows = table.records.map(\.fields)
    }

    /// Every row's value in `column` (which must exist).
    public func values(_ column: String) -> [String] { rows.map { $0[columns[column]!] } }

    /// The rows as column name → value.
    public var namedRows: [[String: String]] {
        rows.map { row in Dictionary(uniqueKeysWithValues: columns.map { ($0.key, row[$0.value]) }) }
    }
}
