import ArgumentParser
import Dispatch
import Foundation
import PlaceIO
import PlacePipeline
import PlaceWeb

/// `placeplan serve`: the web app on this machine, over the same pipeline as the other commands.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the forecast, its report and the run history in the browser (this machine only).",
        discussion: """
            Forecasts the inputs once (every check of `placeplan forecast` applies), records the run in the \
            SQLite database, then serves http://HOST:PORT/: the report, /api/summary, /api/surplus, /api/runs, \
            /downloads/<file>.csv, and POST /api/scenarios/run (a scenario file's YAML, run against the base). Stop \
            it with Ctrl-C.
            """)

    @OptionGroup var input: InputOptions

    @Option(help: "Host to listen on: 127.0.0.1 (default), ::1 or localhost; the app has no sign-in yet.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on, 1 to 65535.")
    var port = 8080

    @Option(help: "SQLite database of the run history (created with its folder when missing).")
    var db = "outputs/placeplan.sqlite"

    func validate() throws {
        guard WebApp.Settings.loopbackHosts.contains(host) else {
            throw ValidationError(WebApp.HostRefused(host: host).description)
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535 (got \(port))") }
    }

    func run() throws {
        var started: (base: WebApp.Base, store: WebStore)?
        try CommandFailure.wrapping {
            let loaded = try input.load()
            let base = try WebApp.Base(loaded, horizon: input.horizon, version: PlacePlan.version)
            let store = try WebStore(path: db)
            try store.record(
                user: ProcessInfo.processInfo.environment["USER"] ?? "unknown", kind: "base",
                inputs: loaded.locations.inputs ?? "inputs", summary: base.summary)
            started = (base, store)
        }
        guard let started else { return }
        print("Serving http://\(host):\(port)/ (Ctrl-C to stop); run history in \(db)")
        try WebApp.serve(settings: WebApp.Settings(host: host, port: port), base: started.base, store: started.store)
    }
}
