import Foundation
import Hummingbird
import HummingbirdTesting
import PlaceIO
import PlacePipeline
import PlaceWeb
import TestSupport
import Testing

/// The default city's base run, made once for every route test (the forecast of `inputs/`).
private let cityBase: Result<WebApp.Base, any Error> = Result {
    let loaded = try InputSet.load(
        InputLocations(inputs: repositoryRoot.appendingPathComponent("inputs").path, model: nil))
    return try WebApp.Base(loaded, horizon: nil, version: "test")
}

/// The lines of an input file of the default city, split into fields (simple files: no quoted commas).
private func inputRows(_ name: String) throws -> [[String]] {
    try String(contentsOf: repositoryRoot.appendingPathComponent("inputs/\(name)"), encoding: .utf8)
        .split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
}

/// A test application over the city's base run and a new database in `folder`.
private func cityApplication(_ folder: URL) throws -> (some ApplicationProtocol, WebStore) {
    let store = try WebStore(path: folder.appendingPathComponent("runs.sqlite").path)
    try store.record(user: "tester", kind: "base", inputs: "inputs", summary: try cityBase.get().summary)
    return (Application(router: WebApp.router(base: try cityBase.get(), store: store)), store)
}

/// Runs `body` with a test client of an application over the city's base run, its database new in a temporary
/// folder (removed after); returns the store for checks after the requests.
@discardableResult
private func withCityClient(
    _ body: @Sendable (any TestClientProtocol) async throws -> Void
) async throws -> WebStore {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (app, store) = try cityApplication(folder)
    try await app.test(.router, body)
    return store
}

@Suite("Web app: pages and JSON API over the default city (issue 16, first slice)")
struct WebAppTests {
    @Test("the overview page is the report: HTML with the surplus heat map section")
    func overview() async throws {
        try await withCityClient { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("Surplus places by planning area"))
            }
        }
    }

    @Test("the summary names the model, the 2022/23 census and the city's 10 planning areas")
    func summary() async throws {
        let areas = Set(try inputRows("pupils.csv").map { $0[0] }).count
        try await withCityClient { client in
            try await client.execute(uri: "/api/summary", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(
                    WebApp.SummaryBody.self, from: Data(String(buffer: response.body).utf8))
                #expect(body.model == "auto")
                #expect(body.origin == 2022)
                #expect(areas == 10 && body.areas == areas)
                #expect(body.summary.first?.hasPrefix("Forecast with model 'auto': origin 2022/23") == true)
            }
        }
    }

    @Test("surplus at the census: each primary area's pupils are its R-6 pupils in inputs/pupils.csv")
    func surplusAtCensus() async throws {
        var census: [String: Double] = [:]
        let primary = Set(["R", "1", "2", "3", "4", "5", "6"])
        // pupils.csv: area_code,area_name,year,year_group,pupils (names may hold a quoted comma: read from the end).
        for fields in try inputRows("pupils.csv") where fields[fields.count - 3] == "2022" {
            if primary.contains(fields[fields.count - 2]) { census[fields[0], default: 0] += Double(fields.last!)! }
        }
        let primaryAreas = try inputRows("planning_areas.csv").filter { $0.contains("primary") }.map { $0[0] }
        let censusPupils = census
        #expect(primaryAreas.count >= 5)
        try await withCityClient { client in
            try await client.execute(uri: "/api/surplus", method: .get) { response in
                #expect(response.status == .ok)
                let rows = try JSONDecoder().decode(
                    [WebApp.SurplusBody].self, from: Data(String(buffer: response.body).utf8))
                for area in primaryAreas {
                    let row = rows.first { $0.areaCode == area && $0.phase == "primary" && $0.year == 2022 }
                    #expect(row?.pupils == censusPupils[area], "\(area)")
                }
            }
        }
    }

    @Test("downloads: a run's CSV file, and a clear 404 naming the files there are")
    func downloads() async throws {
        try await withCityClient { client in
            try await client.execute(uri: "/downloads/forecast.csv", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(String(buffer: response.body).hasPrefix("area_code,"))
            }
            try await client.execute(uri: "/downloads/nothing.csv", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("forecast.csv, ratios.csv"))
            }
        }
    }

    @Test("the run history: the base run recorded at start-up, newest first, kept across a reopen")
    func runHistory() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (app, store) = try cityApplication(folder)
        try store.record(user: "second", kind: "base", inputs: "inputs", summary: "again")
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/runs", method: .get) { response in
                let body = try JSONDecoder().decode(
                    WebApp.RunsBody.self, from: Data(String(buffer: response.body).utf8))
                #expect(body.runs.map(\.user) == ["second", "tester"])
                #expect(body.runs.map(\.id) == [2, 1])
            }
        }
        let reopened = try WebStore(path: folder.appendingPathComponent("runs.sqlite").path)
        #expect(try reopened.runs().count == 2)
        #expect(try reopened.appliedMigrations() == ["v1: runs"])
    }

    @Test("no sign-in yet: any host but this machine's is refused")
    func hostRefused() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try WebStore(path: folder.appendingPathComponent("runs.sqlite").path)
        #expect(throws: WebApp.HostRefused.self) {
            _ = try WebApp.application(
                settings: WebApp.Settings(host: "0.0.0.0", port: 8080), base: try cityBase.get(), store: store)
        }
    }

    @Test("a scenario posted as YAML runs against the base: a PAN cut of 30 at Valentine lowers P06's surplus %")
    func scenarioRun() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (app, store) = try cityApplication(folder)
        // Valentine Primary (P06), PAN 120 in inputs/schools.csv, cut to 90 from the 2025 intake.
        let yaml = """
            name: valentine-90
            pan_changes:
              - { school: "132025", from: 2025, pan: 90 }
            """
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, body: ByteBuffer(string: yaml)
            ) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(
                    WebApp.ScenarioBody.self, from: Data(String(buffer: response.body).utf8))
                #expect(body.name == "valentine-90")
                #expect(!body.summary.isEmpty)
                let p06 = body.surplus.filter { $0.areaCode == "P06" && $0.phase == "primary" }
                let before2025 = p06.filter { $0.year < 2025 }
                let from2025 = p06.filter { $0.year >= 2025 }
                #expect(!before2025.isEmpty && !from2025.isEmpty)
                // Before the first changed intake nothing moves; from it, 30 fewer places a year group admitted.
                #expect(before2025.allSatisfy { $0.scenarioSurplusPercent == $0.baseSurplusPercent })
                for row in from2025 {
                    #expect((row.scenarioSurplusPercent ?? 0) < (row.baseSurplusPercent ?? 0), "\(row.year)")
                }
            }
        }
        #expect(try store.runs().first?.kind == "scenario")
    }

    @Test("a scenario the command line would refuse gets 400 with its message; an oversized one 413")
    func scenarioRefused() async throws {
        try await withCityClient { client in
            let unknown = "name: x\npan_changes:\n  - { school: \"999999\", from: 2025, pan: 90 }\n"
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, body: ByteBuffer(string: unknown)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("unknown school '999999'"))
            }
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, body: ByteBuffer(string: "name: [unclosed")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("scenario"))
            }
            let large = "name: big\n# " + String(repeating: "x", count: WebApp.maximumScenarioBytes) + "\n"
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, body: ByteBuffer(string: large)
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }
}
