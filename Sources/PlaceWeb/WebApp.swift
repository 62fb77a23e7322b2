import Foundation
import Hummingbird
import PlaceForecast
import PlaceIO
import PlacePipeline

/// The web app for planners (`placeplan serve`): the same pipeline as the command line, behind pages and a JSON
/// API. This first slice serves the base run: the overview page (the HTML report), the summary, the surplus by
/// planning area and the run history as JSON, the CSV downloads, and scenario files run against the base.
public enum WebApp {
    /// Where the app listens and what it serves.
    public struct Settings: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public init(host: String = "127.0.0.1", port: Int = 8080) {
            self.host = host
            self.port = port
        }

        /// Host names that reach only this machine. Until access control exists (issue 16, part 4) the app binds
        /// to nothing else.
        public static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "localhost"]
    }

    /// The base run the pages show, made once at start-up.
    public struct Base: Sendable {
        public let loaded: InputSet
        public let run: PipelineRun
        public let summary: String
        /// The HTML report of the run (the overview page).
        public let report: String
        /// The base as a scenario (no changes), what every posted scenario is set beside; nil without planning
        /// areas and schools.
        let baseScenario: ScenarioRun?

        /// Runs the forecast of `loaded` (every check of the command line applies), `horizon` years ahead (nil: the
        /// model's).
        public init(_ loaded: InputSet, horizon: Int?, version: String) throws {
            self.loaded = loaded
            run = try PipelineRun(loaded, horizon: horizon)
            summary = run.summary(loaded)
            report = try run.documents(loaded, summary: summary, runID: "web", version: version).report
            baseScenario =
                loaded.supply == nil
                ? nil
                : try ScenarioRun(
                    Scenario(name: "base", description: "no changes"), model: nil, loaded: loaded, base: run)
        }
    }

    /// The JSON of `GET /api/summary`.
    public struct SummaryBody: ResponseCodable {
        public let model: String
        public let origin: Int
        public let horizon: Int
        public let areas: Int
        public let summary: [String]
    }

    /// One row of `GET /api/surplus`: a planning area (or LA total), phase and year against its capacity.
    public struct SurplusBody: ResponseCodable {
        public let areaCode: String
        public let phase: String
        public let year: Int
        public let capacity: Double
        public let pupils: Double
        public let surplusPercent: Double?
        public let status: String
    }

    /// The JSON of `POST /api/scenarios/run`: the scenario's summary against the base, and each area's surplus %
    /// under both.
    public struct ScenarioBody: ResponseCodable {
        public struct Row: Codable, Sendable {
            public let areaCode: String
            public let phase: String
            public let year: Int
            public let baseSurplusPercent: Double?
            public let scenarioSurplusPercent: Double?
        }
        public let name: String
        public let summary: [String]
        public let surplus: [Row]
    }

    /// The largest scenario file accepted (bytes); a larger body gets 413.
    public static let maximumScenarioBytes = 64 * 1024

    /// Runs the scenario file `text` (the format of `models/scenarios/*.yaml`) against the base. A file the
    /// command line would refuse gets 400 with the command line's message (line and column in "scenario").
    static func runScenario(_ text: String, base: Base) throws -> ScenarioBody {
        do {
            let context = try ScenarioPipeline.context(loaded: base.loaded, base: base.run)
            let scenario = try ScenarioFile.parse(text, file: "scenario", context: context)
            let model = try ScenarioPipeline.model(for: scenario)
            // The context above needs the supply side, so the base scenario exists here.
            let baseRun = base.baseScenario!
            let run = try ScenarioRun(scenario, model: model, loaded: base.loaded, base: base.run)
            let areas = base.loaded.supply?.areas ?? []
            let before = Dictionary(
                baseRun.result.surplus.map { ("\($0.areaCode)|\($0.phase.rawValue)|\($0.year.startYear)", $0) }
            ) { first, _ in first }
            return ScenarioBody(
                name: scenario.name,
                summary: ScenarioReport.summary([baseRun.outcome, run.outcome], areas: areas)
                    .components(separatedBy: "\n").filter { !$0.isEmpty },
                surplus: run.result.surplus.map { row in
                    ScenarioBody.Row(
                        areaCode: row.areaCode, phase: row.phase.rawValue, year: row.year.startYear,
                        baseSurplusPercent: before["\(row.areaCode)|\(row.phase.rawValue)|\(row.year.startYear)"]?
                            .surplusPercent,
                        scenarioSurplusPercent: row.surplusPercent)
                })
        } catch let error as InputError {
            throw HTTPError(.badRequest, message: error.description)
        }
    }

    /// The JSON of `GET /api/runs`.
    public struct RunsBody: ResponseCodable {
        public let runs: [WebStore.Run]
    }

    /// The router of every page and API call.
    public static func router(base: Base, store: WebStore) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in html(base.report) }
        router.get("/api/summary") { _, _ in
            SummaryBody(
                model: base.loaded.model.name, origin: base.run.forecast.origin.startYear,
                horizon: base.run.forecast.horizon, areas: Set(base.run.forecast.rows.map(\.area.code)).count,
                summary: base.summary.components(separatedBy: "\n").filter { !$0.isEmpty })
        }
        router.get("/api/surplus") { _, _ -> [SurplusBody] in
            (base.run.planning?.result.surplus ?? []).map { row in
                SurplusBody(
                    areaCode: row.areaCode, phase: row.phase.rawValue, year: row.year.startYear,
                    capacity: row.capacity, pupils: row.pupils, surplusPercent: row.surplusPercent,
                    status: row.status.rawValue)
            }
        }
        router.get("/api/runs") { _, _ in RunsBody(runs: try store.runs()) }
        router.post("/api/scenarios/run") { request, _ -> ScenarioBody in
            let body = try await request.body.collect(upTo: maximumScenarioBytes)
            let outcome = try runScenario(String(buffer: body), base: base)
            try store.record(
                user: "web", kind: "scenario", inputs: base.loaded.locations.inputs ?? "inputs",
                summary: outcome.summary.joined(separator: "\n"))
            return outcome
        }
        router.get("/downloads/:file") { _, context in
            let name = try context.parameters.require("file")
            guard let text = base.run.files.first(where: { $0.0 == name })?.1 else {
                throw HTTPError(
                    .notFound,
                    message: "No file '\(name)' in this run: \(base.run.files.map(\.0).joined(separator: ", "))")
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    /// An HTML page response.
    static func html(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A host the app will not listen on: not this machine's, and there is no sign-in yet.
    public struct HostRefused: Error, CustomStringConvertible {
        public let host: String
        public init(host: String) { self.host = host }
        public var description: String {
            "--host \(host) is not this machine (127.0.0.1, ::1 or localhost): the web app has no sign-in yet, so it "
                + "serves this machine only. Leave --host out"
        }
    }

    /// The application listening on `settings`; refuses any host but this machine's (no access control yet).
    public static func application(settings: Settings, base: Base, store: WebStore) throws -> some ApplicationProtocol {
        guard Settings.loopbackHosts.contains(settings.host) else { throw HostRefused(host: settings.host) }
        return Application(
            router: router(base: base, store: store),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "placeplan"))
    }

    /// Serves `base` on `settings` until the process is asked to stop (SIGINT or SIGTERM), blocking the calling
    /// (non-async) thread: the command line is synchronous.
    public static func serve(settings: Settings, base: Base, store: WebStore) throws {
        let app = try application(settings: settings, base: base, store: store)
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
