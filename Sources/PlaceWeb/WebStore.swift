import Crypto
import Foundation
import GRDB

/// The web app's SQLite database (through GRDB): runs, saved scenarios, users and uploaded input sets, with
/// migrations. WAL mode (GRDB's `DatabasePool`), so pages read while a scenario is saved; every save is one
/// transaction, so a process killed mid-save leaves the last committed state, whole. Every statement takes its
/// values as arguments: no SQL is built from strings.
public struct WebStore: Sendable {
    /// One run of the pipeline the app made: when, by whom, what it ran on, what changed and its summary.
    public struct Run: Codable, Sendable, Equatable {
        public let id: Int64
        /// ISO 8601, UTC.
        public let startedAt: String
        public let user: String
        /// `base` (the forecast made at start-up), `scenario` (a scenario run, not saved), `saved scenario` or
        /// `upload` (a new census became the base).
        public let kind: String
        public let inputs: String
        /// What the run changed from the base: a scenario's file, or the file uploaded ("" for the base).
        public let changes: String
        public let summary: String
        /// The saved scenario the run made, if any.
        public let scenarioID: Int64?
    }

    /// A scenario a planner saved: its file (the format of `models/scenarios/*.yaml`) and its results against the
    /// base it was run on (the JSON of `POST /api/scenarios/run`).
    public struct SavedScenario: Codable, Sendable, Equatable {
        public let id: Int64
        public let name: String
        public let description: String
        public let file: String
        /// JSON text.
        public let results: String
        public let savedBy: String
        /// ISO 8601, UTC.
        public let savedAt: String
        /// SHA-256 (hex) of the file, a newline and the results: a saved scenario whose row disagrees with its
        /// checksum is corrupt (`integrityProblems`).
        public let checksum: String
    }

    /// A user who may sign in, without the token (only its salted hash is kept).
    public struct User: Codable, Sendable, Equatable {
        public let name: String
        public let role: Role
        public let createdAt: String
    }

    private let database: DatabasePool

    /// Opens (creating it and its folder when missing) the database at `path` and brings it to the latest schema.
    public init(path: String) throws {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        // Wait for a writer in another process (a second `serve`, `placeplan users`) instead of failing at once.
        configuration.busyMode = .timeout(5)
        database = try DatabasePool(path: path, configuration: configuration)
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
        migrator.registerMigration("v2: users, saved scenarios, input sets") { db in
            try db.create(table: "user") { table in
                table.primaryKey("name", .text)
                table.column("role", .text).notNull()
                table.column("salt", .text).notNull()
                table.column("tokenHash", .text).notNull()
                table.column("createdAt", .text).notNull()
            }
            try db.create(table: "scenario") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull()
                table.column("description", .text).notNull()
                table.column("file", .text).notNull()
                table.column("results", .text).notNull()
                table.column("savedBy", .text).notNull()
                table.column("savedAt", .text).notNull()
                table.column("checksum", .text).notNull()
            }
            try db.create(table: "inputSet") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("file", .text).notNull()
                table.column("text", .text).notNull()
                table.column("uploadedBy", .text).notNull()
                table.column("uploadedAt", .text).notNull()
                table.column("path", .text).notNull()
            }
            try db.alter(table: "run") { table in
                table.add(column: "changes", .text).notNull().defaults(to: "")
                table.add(column: "scenarioID", .integer).references("scenario")
            }
        }
        return migrator
    }

    private static func now(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    // MARK: - Runs

    /// Records a run and returns it with its id.
    @discardableResult
    public func record(
        user: String, kind: String, inputs: String, summary: String, changes: String = "", at date: Date = Date()
    ) throws -> Run {
        try database.write { db in
            try Self.insertRun(
                db, user: user, kind: kind, inputs: inputs, changes: changes, summary: summary, scenarioID: nil,
                at: date)
        }
    }

    private static func insertRun(
        _ db: Database, user: String, kind: String, inputs: String, changes: String, summary: String,
        scenarioID: Int64?, at date: Date
    ) throws -> Run {
        let startedAt = now(date)
        try db.execute(
            sql: """
                INSERT INTO run (startedAt, user, kind, inputs, changes, summary, scenarioID)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [startedAt, user, kind, inputs, changes, summary, scenarioID])
        return Run(
            id: db.lastInsertedRowID, startedAt: startedAt, user: user, kind: kind, inputs: inputs, changes: changes,
            summary: summary, scenarioID: scenarioID)
    }

    /// Every run, newest first.
    public func runs() throws -> [Run] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT id, startedAt, user, kind, inputs, changes, summary, scenarioID FROM run ORDER BY id DESC"
            ).map { row in
                Run(
                    id: row["id"], startedAt: row["startedAt"], user: row["user"], kind: row["kind"],
                    inputs: row["inputs"], changes: row["changes"], summary: row["summary"],
                    scenarioID: row["scenarioID"])
            }
        }
    }

    // MARK: - Saved scenarios

    /// The checksum a saved scenario's row must carry.
    static func checksum(file: String, results: String) -> String {
        SHA256.hash(data: Data((file + "\n" + results).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Saves a scenario with its results and records the run that made it, in one transaction: after a crash
    /// either both are there, whole, or neither. A name already saved is refused (`StoreError.scenarioExists`).
    public func saveScenario(
        name: String, description: String, file: String, results: String, summary: String, inputs: String,
        by user: String, at date: Date = Date()
    ) throws -> SavedScenario {
        let savedAt = Self.now(date)
        let checksum = Self.checksum(file: file, results: results)
        return try database.write { db in
            if let other = try Row.fetchOne(
                db, sql: "SELECT id, savedBy, savedAt FROM scenario WHERE name = ?", arguments: [name])
            {
                throw StoreError.scenarioExists(
                    name: name, id: other["id"], savedBy: other["savedBy"], savedAt: other["savedAt"])
            }
            try db.execute(
                sql: """
                    INSERT INTO scenario (name, description, file, results, savedBy, savedAt, checksum)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [name, description, file, results, user, savedAt, checksum])
            let id = db.lastInsertedRowID
            _ = try Self.insertRun(
                db, user: user, kind: "saved scenario", inputs: inputs, changes: file, summary: summary,
                scenarioID: id, at: date)
            return SavedScenario(
                id: id, name: name, description: description, file: file, results: results, savedBy: user,
                savedAt: savedAt, checksum: checksum)
        }
    }

    private static func savedScenario(_ row: Row) -> SavedScenario {
        SavedScenario(
            id: row["id"], name: row["name"], description: row["description"], file: row["file"],
            results: row["results"], savedBy: row["savedBy"], savedAt: row["savedAt"], checksum: row["checksum"])
    }

    /// Every saved scenario, newest first.
    public func scenarios() throws -> [SavedScenario] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scenario ORDER BY id DESC").map(Self.savedScenario)
        }
    }

    /// The saved scenario `id`, or nil.
    public func scenario(id: Int64) throws -> SavedScenario? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM scenario WHERE id = ?", arguments: [id]).map(Self.savedScenario)
        }
    }

    /// What is wrong with the database, in words: SQLite's own integrity check, then every saved scenario whose
    /// row disagrees with its checksum or has no run. Empty when all is well.
    public func integrityProblems() throws -> [String] {
        try database.read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            for scenario in try Row.fetchAll(db, sql: "SELECT * FROM scenario").map(Self.savedScenario)
            where Self.checksum(file: scenario.file, results: scenario.results) != scenario.checksum {
                problems.append("saved scenario \(scenario.id) '\(scenario.name)' does not match its checksum")
            }
            let orphans = try Int64.fetchAll(
                db,
                sql: "SELECT id FROM scenario WHERE id NOT IN (SELECT scenarioID FROM run WHERE scenarioID IS NOT NULL)"
            )
            problems += orphans.map { "saved scenario \($0) has no run recording who saved it" }
            return problems
        }
    }

    // MARK: - Users

    /// A user name: letters, digits, `-`, `_` and `.`, 1 to 64 characters.
    public static func isValidUserName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)
            }
            && name.unicodeScalars.allSatisfy(\.isASCII)
    }

    /// Adds a user and returns their token, `NAME:SECRET` (shown once: only a salted SHA-256 of the secret is
    /// kept). Throws when the name is taken or not a valid name.
    public func addUser(name: String, role: Role, at date: Date = Date()) throws -> String {
        guard Self.isValidUserName(name) else { throw StoreError.invalidUserName(name) }
        let secret = Self.randomHex(bytes: 32)
        let salt = Self.randomHex(bytes: 16)
        do {
            try database.write { db in
                try db.execute(
                    sql: "INSERT INTO user (name, role, salt, tokenHash, createdAt) VALUES (?, ?, ?, ?, ?)",
                    arguments: [name, role.rawValue, salt, Self.hash(secret: secret, salt: salt), Self.now(date)])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.userExists(name)
        }
        return "\(name):\(secret)"
    }

    /// Removes a user; false when there was none of that name.
    public func removeUser(name: String) throws -> Bool {
        try database.write { db in
            try db.execute(sql: "DELETE FROM user WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// Every user, by name.
    public func users() throws -> [User] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, createdAt FROM user ORDER BY name").map { row in
                Self.user(row)
            }
        }
    }

    private static func user(_ row: Row) -> User {
        User(name: row["name"], role: Role(rawValue: row["role"]) ?? .viewer, createdAt: row["createdAt"])
    }

    /// The user named `name`, or nil.
    public func user(name: String) throws -> User? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT name, role, createdAt FROM user WHERE name = ?", arguments: [name]).map {
                row in
                Self.user(row)
            }
        }
    }

    /// The user a token belongs to, or nil (unknown name, wrong secret, malformed token).
    public func user(token: String) throws -> User? {
        guard let colon = token.lastIndex(of: ":") else { return nil }
        let name = String(token[..<colon])
        let secret = String(token[token.index(after: colon)...])
        return try database.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT name, role, salt, tokenHash, createdAt FROM user WHERE name = ?",
                    arguments: [name])
            else { return nil }
            let expected: String = row["tokenHash"]
            guard Self.constantTimeEqual(Self.hash(secret: secret, salt: row["salt"]), expected) else { return nil }
            return Self.user(row)
        }
    }

    /// True when any user may sign in (the app may then serve beyond this machine).
    public func hasUsers() throws -> Bool {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user") ?? 0 > 0 }
    }

    static func hash(secret: String, salt: String) -> String {
        SHA256.hash(data: Data((salt + secret).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Compares two strings in time that depends on their length only, not on where they first differ.
    static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    // MARK: - Input sets

    /// Records an uploaded file that passed every check, and `path`, where its copy is kept and read from.
    public func saveInputSet(
        file: String, text: String, path: String, by user: String, at date: Date = Date()
    )
        throws -> Int64
    {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO inputSet (file, text, uploadedBy, uploadedAt, path) VALUES (?, ?, ?, ?, ?)",
                arguments: [file, text, user, Self.now(date), path])
            return db.lastInsertedRowID
        }
    }

    /// The number of input sets uploaded so far.
    public func inputSetCount() throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inputSet") ?? 0 }
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try database.read { db in try Self.migrator.appliedMigrations(db) }
    }
}

/// A change the database refused, in words.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case userExists(String)
    case invalidUserName(String)
    case scenarioExists(name: String, id: Int64, savedBy: String, savedAt: String)

    public var description: String {
        switch self {
        case .userExists(let name):
            "A user named '\(name)' exists: remove them first (placeplan users remove \(name)) or choose another name"
        case .invalidUserName(let name):
            "'\(name)' is not a user name: use 1 to 64 letters, digits, '-', '_' or '.'"
        case .scenarioExists(let name, let id, let savedBy, let savedAt):
            "A scenario named '\(name)' is saved already (scenario \(id), by \(savedBy) at \(savedAt)): give this one "
                + "another name"
        }
    }
}
