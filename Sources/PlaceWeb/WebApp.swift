import Foundation
import Hummingbird
import PlaceForecast
import PlaceIO
import PlacePipeline

/// The web app for planners (`placeplan serve`): the same pipeline as the command line, behind pages
/// (`Pages`) and a JSON API (`ApiRoutes`), with the access rules of `AccessPolicy` in front of both and the run
/// history, saved scenarios and users in SQLite (`WebStore`).
public enum WebApp {
    /// Where the app listens and who must sign in.
    public struct Settings: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        /// Every request needs a credential even on this machine (always so beyond it).
        public var requireSignIn = false
        public init(host: String = "127.0.0.1", port: Int = 8080, requireSignIn: Bool = false) {
            self.host = host
            self.port = port
            self.requireSignIn = requireSignIn
        }

        /// Host names that reach only this machine: there the person at the keyboard may use the app without
        /// signing in.
        public static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "localhost"]

        /// True when the app listens beyond this machine, where every request needs a credential.
        public var isLoopback: Bool { Self.loopbackHosts.contains(host) }
    }

    /// The base run the pages show, made once at start-up (and again after an upload).
    public struct Base: Sendable {
        public let loaded: InputSet
        public let run: PipelineRun
        public let summary: String
        /// The HTML report of the run (the overview page).
        public let report: String
        /// The Excel workbook of the run.
        public let workbook: Data
        /// The base as a scenario (no changes), what every posted scenario is set beside; nil without planning
        /// areas and schools.
        let baseScenario: ScenarioRun?

        /// The names the workbook and the report are downloaded under.
        public static let workbookName = "placeplan.xlsx"
        public static let reportName = "report.html"

        /// Runs the forecast of `loaded` (every check of the command line applies), `horizon` years ahead (nil: the
        /// model's).
        public init(_ loaded: InputSet, horizon: Int?, version: String) throws {
            self.loaded = loaded
            run = try PipelineRun(loaded, horizon: horizon)
            summary = run.summary(loaded)
            (workbook, report) = try run.documents(loaded, summary: summary, runID: "web", version: version)
            baseScenario =
                loaded.supply == nil
                ? nil
                : try ScenarioRun(
                    Scenario(name: "base", description: "no changes"), model: nil, loaded: loaded, base: run)
        }

        /// Every file `/downloads/NAME` serves: the run's CSVs, the workbook and the report.
        public var downloads: [String] { run.files.map(\.0) + [Self.workbookName, Self.reportName] }
    }

    /// The router of every page and API call, behind the access rules.
    public static func router(
        state: AppState, policy: AccessPolicy, queue: ScenarioQueue = ScenarioQueue()
    )
        -> Router<WebContext>
    {
        let router = Router(context: WebContext.self)
        router.add(middleware: AccessMiddleware(policy: policy, store: state.store))
        router.get("/api/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPI.document)))
        }
        ApiRoutes.register(on: router, state: state, queue: queue)
        Pages.register(on: router, state: state, policy: policy)
        return router
    }

    /// A host the app will not listen on: beyond this machine with nobody able to sign in.
    public struct HostRefused: Error, CustomStringConvertible {
        public let host: String
        public init(host: String) { self.host = host }
        public var description: String {
            "--host \(host) is beyond this machine, where every request needs a credential, and the database has no "
                + "users: add one first (placeplan users add NAME --role planner), then start serve again"
        }
    }

    /// The application listening on `settings`: beyond this machine only when `state`'s database has a user, and
    /// then every request needs a credential. `onRunning` is called once the port is open.
    public static func application(
        settings: Settings, state: AppState, onRunning: @escaping @Sendable () -> Void = {}
    ) throws -> some ApplicationProtocol {
        if !settings.isLoopback {
            guard try state.store.hasUsers() else { throw HostRefused(host: settings.host) }
        }
        let policy = AccessPolicy(requireSignIn: settings.requireSignIn || !settings.isLoopback)
        return Application(
            router: router(state: state, policy: policy),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "placeplan"),
            onServerRunning: { _ in onRunning() })
    }

    /// Serves `state` on `settings` (calling `onRunning` once the port is open) until the process is asked to stop
    /// (SIGINT or SIGTERM), blocking the calling (non-async) thread: the command line is synchronous.
    public static func serve(settings: Settings, state: AppState, onRunning: @escaping @Sendable () -> Void) throws {
        let app = try application(settings: settings, state: state, onRunning: onRunning)
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await app.runService() } catch { outcome.failure = error }
            done.signal()
        }
        done.wait()
        if let failure = outcome.failure { throw failure }
    }

    /// The error the server stopped with, handed from its task to the waiting thread (written before the
    /// semaphore is signalled, read after it is waited on).
    private final class Outcome: @unchecked Sendable {
        var failure: (any Error)?
    }
}
