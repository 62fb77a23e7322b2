import ArgumentParser
import Dispatch
import Foundation
import PlaceIO
import PlacePipeline
import PlaceWeb

/// `placeplan serve`: the web app, over the same pipeline as the other commands.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the forecast, its report, scenarios and the run history in the browser.",
        discussion: """
            Forecasts the inputs once (every check of `placeplan forecast` applies), records the run in the \
            SQLite database, then serves http://HOST:PORT/: the overview, planning-area and school pages, the \
            scenario editor, run history, downloads, census upload, and the JSON API under /api (described at \
            /api/openapi.json). On this machine (the default host) nobody needs to sign in. Any other --host needs \
            a user in the database (placeplan users add NAME --role planner) and then every request needs their \
            token. Stop it with Ctrl-C.
            """)

    @OptionGroup var input: InputOptions

    @Option(help: "Host to listen on: 127.0.0.1 (default, this machine only), or e.g. 0.0.0.0 once a user exists.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on, 1 to 65535.")
    var port = 8080

    @Option(help: "SQLite database of runs, saved scenarios and users (created with its folder when missing).")
    var db = "outputs/placeplan.sqlite"

    @Flag(name: .customLong("require-sign-in"), help: "Ask for a token even on this machine.")
    var requireSignIn = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535 (got \(port))") }
    }

    func run() throws {
        var started: AppState?
        let settings = WebApp.Settings(host: host, port: port, requireSignIn: requireSignIn)
        try CommandFailure.wrapping {
            let store = try WebStore(path: db)
            if !settings.isLoopback, try !store.hasUsers() {
                throw CommandFailure(message: WebApp.HostRefused(host: host).description)
            }
            if requireSignIn, try !store.hasUsers() {
                throw CommandFailure(
                    message: "--require-sign-in: \(db) has no users, so nobody could sign in. Add one first: "
                        + "placeplan users add NAME --role planner --db \(db)")
            }
            let loaded = try input.load()
            let base = try WebApp.Base(loaded, horizon: input.horizon, version: PlacePlan.version)
            try store.record(
                user: ProcessInfo.processInfo.userName, kind: "base",
                inputs: loaded.locations.inputs ?? "inputs", summary: base.summary)
            started = AppState(
                base: base, store: store,
                uploadsFolder: URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent(
                    "uploaded-inputs"),
                version: PlacePlan.version)
        }
        guard let started else { return }
        let access =
            settings.isLoopback && !requireSignIn
            ? "this machine only, no sign-in" : "every request needs a token (placeplan users add)"
        let database = db
        try CommandFailure.wrapping {
            try WebApp.serve(settings: settings, state: started) {
                // Unbuffered, so a script waiting for this line sees it at once.
                let line = "Serving http://\(settings.host):\(settings.port)/ (\(access); Ctrl-C to stop); database "
                FileHandle.standardOutput.write(Data((line + database + "\n").utf8))
            }
        }
    }
}

/// `placeplan users`: who may sign in to the web app, and with which role.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list or remove the web app's users (planner: edit and run; viewer: read and download).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Database: ParsableArguments {
        @Option(help: "SQLite database of the web app.") var db = "outputs/placeplan.sqlite"
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user and print their token (shown once; only a salted hash is kept).")
        @Argument(help: "User name: letters, digits, '-', '_' or '.'.") var name: String
        @Option(help: "planner (edit, run) or viewer (read, download).") var role: String
        @OptionGroup var database: Database

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role must be planner or viewer (got '\(role)')")
            }
            guard WebStore.isValidUserName(name) else {
                throw ValidationError(StoreError.invalidUserName(name).description)
            }
        }

        func run() throws {
            try CommandFailure.wrapping {
                do {
                    let token = try WebStore(path: database.db).addUser(name: name, role: Role(rawValue: role)!)
                    print("Added \(name) (\(role)) to \(database.db). Their token, shown only now:\n\(token)")
                    print("Sign in at /signin with it, or send the header: Authorization: Bearer \(token)")
                } catch let error as StoreError {
                    throw CommandFailure(message: error.description)
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users and their roles.")
        @OptionGroup var database: Database

        func run() throws {
            try CommandFailure.wrapping {
                let users = try WebStore(path: database.db).users()
                if users.isEmpty { print("No users in \(database.db): placeplan users add NAME --role planner") }
                for user in users { print("\(user.name)\t\(user.role.rawValue)\tadded \(user.createdAt)") }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a user (their token and sessions stop working at once).")
        @Argument var name: String
        @OptionGroup var database: Database

        func run() throws {
            try CommandFailure.wrapping {
                guard try WebStore(path: database.db).removeUser(name: name) else {
                    throw CommandFailure(message: "No user '\(name)' in \(database.db): placeplan users list")
                }
                print("Removed \(name).")
            }
        }
    }
}
