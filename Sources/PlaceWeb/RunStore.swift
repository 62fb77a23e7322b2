import Foundation
import GRDB

/// The web app's SQLite database (through GRDB): the run history, with migrations. WAL mode (GRDB's
/// `DatabasePool`), so pages read while a run is saved, and a crash mid-save leaves the last committed state.
/// Every statement takes its values as arguments: no SQL is built from strings.
public struct RunStore: Sendable {
    /// One run of the pipeline the app made: when, by whom, what it ran on and its summary.
    public struct Run: Codable, Sendable, Equatable {
        public let id: Int64
        /// ISO 8601, UTC.
        public let startedAt: String
        public let user: String
        /// `base` for the forecast made at start-up.
        public let kind: String
        public let inputs: String
        public let summary: String
    }

    private let database: DatabasePool

    /// Opens (creating it and its folder when missing) the database at `path` and brings it to the latest schema.
    public init(path: String) throws {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        database = try DatabasePool(path: path)
        try Self.migrator.migrate(database)
    }

    /// The schema, one registered migration per change (never edited once shipped).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs") { db in
            try db.create(table: "run") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("startedAt", .text).notNull()
                table.column("user", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("inputs", .text).notNull()
                table.column("summary", .text).notNull()
            }
        }
        return migrator
    }

    /// Records a run and returns it with its id.
    @discardableResult
    public func record(
        user: String, kind: String, inputs: String, summary: String, at date: Date = Date()
    ) throws
        -> Run
    {
        let startedAt = ISO8601DateFormatter().string(from: date)
        return try database.write { db in
            try db.execute(
                sql: "INSERT INTO run (startedAt, user, kind, inputs, summary) VALUES (?, ?, ?, ?, ?)",
                arguments: [startedAt, user, kind, inputs, summary])
            return Run(
                id: db.lastInsertedRowID, startedAt: startedAt, user: user, kind: kind, inputs: inputs,
                summary: summary)
        }
    }

    /// Every run, newest first.
    public func runs() throws -> [Run] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, startedAt, user, kind, inputs, summary FROM run ORDER BY id DESC"
            ).map { row in
                Run(
                    id: row["id"], startedAt: row["startedAt"], user: row["user"], kind: row["kind"],
                    inputs: row["inputs"], summary: row["summary"])
            }
        }
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try database.read { db in try Self.migrator.appliedMigrations(db) }
    }
}
