import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PlaceIO
import PlacePipeline
import TestSupport
import Testing

@testable import PlaceWeb

/// The default city's base run, made once for every route test (the forecast of `inputs/`).
let cityBase: Result<WebApp.Base, any Error> = Result {
    let loaded = try InputSet.load(
        InputLocations(inputs: repositoryRoot.appendingPathComponent("inputs").path, model: nil))
    return try WebApp.Base(loaded, horizon: nil, version: "test")
}

/// The lines of an input file of the default city, split into fields (simple files: no quoted commas).
func inputRows(_ name: String) throws -> [[String]] {
    try String(contentsOf: repositoryRoot.appendingPathComponent("inputs/\(name)"), encoding: .utf8)
        .split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
}

/// What a route test works with: the app's state and database, and a planner's and a viewer's tokens.
struct CityFixture: Sendable {
    let folder: URL
    let state: AppState
    let policy: AccessPolicy
    let planner: String
    let viewer: String
    var store: WebStore { state.store }
}

/// Runs `body` with a test client of the app over the city's base run, its database new in a temporary folder
/// (removed after), with a planner and a viewer; `requireSignIn` as an app listening beyond this machine.
func withCityClient(
    requireSignIn: Bool = false, queue: ScenarioQueue = ScenarioQueue(),
    _ body: @Sendable (any TestClientProtocol, CityFixture) async throws -> Void
) async throws {
    let folder = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try WebStore(path: folder.appendingPathComponent("web.sqlite").path)
    try store.record(user: "tester", kind: "base", inputs: "inputs", summary: try cityBase.get().summary)
    let fixture = CityFixture(
        folder: folder,
        state: AppState(
            base: try cityBase.get(), store: store, uploadsFolder: folder.appendingPathComponent("uploads"),
            version: "test"),
        policy: AccessPolicy(requireSignIn: requireSignIn),
        planner: try store.addUser(name: "pat", role: .planner), viewer: try store.addUser(name: "vic", role: .viewer))
    let app = Application(
        router: WebApp.router(state: fixture.state, policy: fixture.policy, queue: queue))
    try await app.test(.router) { client in try await body(client, fixture) }
}

/// The body of a response decoded as `T`.
func decoded<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(String(buffer: response.body).utf8))
}

/// The CSRF token of the visitor `headers` make (GET /api/session).
func csrfToken(_ client: any TestClientProtocol, headers: HTTPFields = [:]) async throws -> String {
    try await client.execute(uri: "/api/session", method: .get, headers: headers) { response in
        try decoded(ApiRoutes.SessionBody.self, response).csrfToken
    }
}

/// The headers of a bearer token.
func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

/// Valentine Primary (P06, PAN 120 in inputs/schools.csv) cut to 90 from the 2025 intake.
let valentineCut = """
    name: valentine-90
    description: One form of entry off Valentine
    pan_changes:
      - { school: "132025", from: 2025, pan: 90 }
    """

@Suite("Web app: JSON API over the default city")
struct WebAppTests {
    @Test("the summary names the model, the 2022/23 census and the city's 10 planning areas")
    func summary() async throws {
        let areas = Set(try inputRows("pupils.csv").map { $0[0] }).count
        try await withCityClient { client, _ in
            try await client.execute(uri: "/api/summary", method: .get) { response in
                #expect(response.status == .ok)
                let body = try decoded(ApiRoutes.SummaryBody.self, response)
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
        try await withCityClient { client, _ in
            try await client.execute(uri: "/api/surplus", method: .get) { response in
                #expect(response.status == .ok)
                let rows = try decoded([ApiRoutes.SurplusBody].self, response)
                for area in primaryAreas {
                    let row = rows.first { $0.areaCode == area && $0.phase == "primary" && $0.year == 2022 }
                    #expect(row?.pupils == censusPupils[area], "\(area)")
                }
            }
        }
    }

    @Test("the editor's grid: every school of inputs/schools.csv but special schools, with its PAN")
    func schools() async throws {
        // schools.csv: school_id,name,... read by header so the test does not depend on the column order.
        let lines = try String(
            contentsOf: repositoryRoot.appendingPathComponent("inputs/schools.csv"), encoding: .utf8
        ).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let id = try #require(header.firstIndex(of: "school_id"))
        let pan = try #require(header.firstIndex(of: "pan"))
        let phase = try #require(header.firstIndex(of: "phase"))
        let expected = Dictionary(
            uniqueKeysWithValues: lines.dropFirst().filter { $0[phase] != "special" }.map { ($0[id], Double($0[pan])!) }
        )
        try await withCityClient { client, _ in
            try await client.execute(uri: "/api/schools", method: .get) { response in
                let body = try decoded(ApiRoutes.SchoolsBody.self, response)
                #expect(Dictionary(uniqueKeysWithValues: body.schools.map { ($0.id, $0.pan) }) == expected)
                #expect(body.schools.first { $0.id == "132025" }?.pan == 120)
                #expect(body.years.first == 2023 && body.origin == 2022)
            }
        }
    }

    @Test("downloads: a CSV, the workbook (a zip) and the report; a clear 404 naming the files there are")
    func downloads() async throws {
        try await withCityClient { client, _ in
            try await client.execute(uri: "/downloads/forecast.csv", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(String(buffer: response.body).hasPrefix("area_code,"))
            }
            try await client.execute(uri: "/downloads/placeplan.xlsx", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView.prefix(2)) == [0x50, 0x4B], "a zip package")
            }
            try await client.execute(uri: "/downloads/report.html", method: .get) { response in
                #expect(String(buffer: response.body).contains("Surplus places by planning area"))
            }
            try await client.execute(uri: "/downloads/nothing.csv", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("forecast.csv, ratios.csv"))
                #expect(String(buffer: response.body).contains("placeplan.xlsx, report.html"))
            }
        }
    }

    @Test("a PAN cut of 30 at Valentine, run then saved: P06's surplus % falls from 2025 only, and is kept")
    func scenarioRunAndSave() async throws {
        try await withCityClient { client, fixture in
            let csrf = try await csrfToken(client)
            let headers: HTTPFields = [.init("X-CSRF-Token")!: csrf, .contentType: "application/yaml"]
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, headers: headers, body: ByteBuffer(string: valentineCut)
            ) { response in
                #expect(response.status == .ok)
                let body = try decoded(ApiRoutes.ScenarioBody.self, response)
                #expect(body.name == "valentine-90" && body.file == valentineCut)
                #expect(!body.summary.isEmpty)
                let p06 = body.surplus.filter { $0.areaCode == "P06" && $0.phase == "primary" }
                let before2025 = p06.filter { $0.year < 2025 }
                let from2025 = p06.filter { $0.year >= 2025 }
                #expect(!before2025.isEmpty && !from2025.isEmpty)
                // Before the first changed intake nothing moves; from it, 30 fewer places a year group admitted.
                #expect(before2025.allSatisfy { $0.scenarioSurplusPercent == $0.baseSurplusPercent })
                for row in from2025 {
                    #expect((row.scenarioSurplusPercent ?? 0) < (row.baseSurplusPercent ?? 0), "\(row.year)")
                    #expect(row.scenarioPupils == row.basePupils, "a PAN cut moves places, not pupils")
                }
                // 2025: one year group at 30 fewer places; 2026: two.
                let gap = { (year: Int) in
                    from2025.first { $0.year == year }.map { $0.baseCapacity - $0.scenarioCapacity }
                }
                #expect(gap(2025) == 30 && gap(2026) == 60)
            }
            let saved = try await client.execute(
                uri: "/api/scenarios", method: .post, headers: headers, body: ByteBuffer(string: valentineCut)
            ) { response in
                #expect(response.status == .created)
                return try decoded(ApiRoutes.SavedBody.self, response)
            }
            #expect(saved.savedBy == "local" && saved.name == "valentine-90")
            try await client.execute(
                uri: "/api/scenarios", method: .post, headers: headers, body: ByteBuffer(string: valentineCut)
            ) { response in
                #expect(response.status == .conflict)
                #expect(
                    String(buffer: response.body).contains(
                        "A scenario named 'valentine-90' is saved already (scenario \(saved.id), by local"))
            }
            try await client.execute(uri: "/api/scenarios/\(saved.id)", method: .get) { response in
                let body = try decoded(ApiRoutes.SavedBody.self, response)
                #expect(body.file == valentineCut)
                #expect(body.results?.surplus.contains { $0.areaCode == "P06" && $0.year == 2026 } == true)
            }
            try await client.execute(uri: "/api/scenarios", method: .get) { response in
                let body = try decoded(ApiRoutes.SavedListBody.self, response)
                #expect(body.scenarios.map(\.id) == [saved.id] && body.scenarios[0].results == nil)
            }
            try await client.execute(uri: "/api/scenarios/999", method: .get) { response in
                #expect(response.status == .notFound)
            }
            let runs = try fixture.store.runs()
            #expect(runs.map(\.kind) == ["saved scenario", "scenario", "base"])
            #expect(runs[0].scenarioID == saved.id && runs[0].changes == valentineCut && runs[0].user == "local")
            #expect(try fixture.store.integrityProblems().isEmpty)
        }
    }

    @Test("JSON too; a no-op change warns; bad JSON, unknown school, empty body: 400; over 64 kB: 413")
    func scenarioRefused() async throws {
        try await withCityClient { client, fixture in
            let headers = bearer(fixture.planner)
            let json = #"{"name": "json-cut", "pan_changes": [{"school": "132025", "from": 2025, "pan": 90}]}"#
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, headers: headers, body: ByteBuffer(string: json)
            ) { response in
                #expect(response.status == .ok)
                let name = try decoded(ApiRoutes.ScenarioBody.self, response).name
                #expect(name == "json-cut")
            }
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"name": "x", "pan_changes": [{"school": "132025""#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("scenario"), "names the file and where")
            }
            let same = "name: same\npan_changes:\n  - { school: \"132025\", from: 2025, pan: 120 }\n"
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, headers: headers, body: ByteBuffer(string: same)
            ) { response in
                #expect(response.status == .ok)
                let warnings = try decoded(ApiRoutes.ScenarioBody.self, response).warnings
                #expect(
                    warnings == [
                        "pan_changes: 132025 already has PAN 120 before 2025/26, so this change changes nothing"
                    ])
            }
            let unknown = "name: x\npan_changes:\n  - { school: \"999999\", from: 2025, pan: 90 }\n"
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, headers: headers, body: ByteBuffer(string: unknown)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("unknown school '999999'"))
            }
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, headers: headers, body: ByteBuffer(string: "\n")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("The body is empty"))
            }
            let large = "name: big\n# " + String(repeating: "x", count: ApiRoutes.maximumScenarioBytes) + "\n"
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, headers: headers, body: ByteBuffer(string: large)
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test("suggest: the advisor's proposals as a scenario file that runs as it is")
    func suggest() async throws {
        try await withCityClient { client, fixture in
            let file = try await client.execute(
                uri: "/api/scenarios/suggest", method: .get, headers: bearer(fixture.planner)
            ) { response in
                #expect(response.status == .ok)
                return try decoded(ApiRoutes.SuggestBody.self, response).file
            }
            #expect(file.contains("pan_changes:"))
            try await client.execute(
                uri: "/api/scenarios/run", method: .post, headers: bearer(fixture.planner),
                body: ByteBuffer(string: file)
            ) { response in
                #expect(response.status == .ok)
                let rows = try decoded(ApiRoutes.ScenarioBody.self, response).surplus
                #expect(rows.contains { ($0.scenarioSurplusPercent ?? 0) < ($0.baseSurplusPercent ?? 0) })
            }
        }
    }

    @Test("explain: the chain of one number, and 400 naming the problem for an unknown area or group")
    func explain() async throws {
        try await withCityClient { client, _ in
            try await client.execute(uri: "/api/explain?area=P06&year=2025&group=R", method: .get) { response in
                #expect(response.status == .ok)
                let text = try decoded(ApiRoutes.ExplainBody.self, response).text
                #expect(text.hasPrefix("Reception in P06 (Sholing and Peartree (illustrative)), 2025/26: "))
            }
            try await client.execute(uri: "/api/explain?area=P99&year=2025&group=R", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("P99"))
            }
            try await client.execute(uri: "/api/explain?area=P06&year=2025&group=15", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("group must be R or 1 to 13"))
            }
        }
    }

    @Test("upload: a census the command line refuses gets its message and changes nothing; a good one is the base")
    func upload() async throws {
        let pupils = try String(
            contentsOf: repositoryRoot.appendingPathComponent("inputs/pupils.csv"), encoding: .utf8)
        let lines = pupils.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var broken = lines
        broken[3] = broken[3].replacingOccurrences(of: ",", with: ",x")
        let brokenCensus = broken.joined(separator: "\n")
        // A good census: P06's 2022 Reception one higher than published.
        let goodCensus = try Self.census { fields in
            fields[0] == "P06" && fields[2] == "2022" && fields[3] == "R"
                ? fields.dropLast() + [String(Int(fields[4])! + 1)] : fields
        }
        #expect(goodCensus != pupils, "the test changes the census")
        try await withCityClient { client, fixture in
            let headers = bearer(fixture.planner)
            try await client.execute(
                uri: "/api/inputs/pupils.csv", method: .post, headers: headers, body: ByteBuffer(string: brokenCensus)
            ) { response in
                #expect(response.status == .badRequest)
                let message = String(buffer: response.body)
                #expect(message.contains("pupils.csv:4: column 'year' (3): 'x2011'"), "file, line, column and value")
                #expect(!message.contains(fixture.folder.path), "names the file, not the server's copy")
            }
            #expect(try fixture.store.inputSetCount() == 0)
            let uploads = fixture.state.uploadsFolder.path
            #expect((try? FileManager.default.contentsOfDirectory(atPath: uploads))?.isEmpty ?? true, "no copy left")
            let before = await fixture.state.base.run.forecast.rows.first {
                $0.area.code == "P06" && $0.year.startYear == 2022 && $0.yearGroup.label == "R"
            }?.pupils
            try await client.execute(
                uri: "/api/inputs/pupils.csv", method: .post, headers: headers,
                body: ByteBuffer(string: goodCensus)
            ) { response in
                #expect(response.status == .ok)
            }
            let after = await fixture.state.base.run.forecast.rows.first {
                $0.area.code == "P06" && $0.year.startYear == 2022 && $0.yearGroup.label == "R"
            }?.pupils
            #expect(after == before.map { $0 + 1 })
            #expect(try fixture.store.runs().first?.kind == "upload")
            #expect(try fixture.store.inputSetCount() == 1)
            try await client.execute(
                uri: "/api/inputs/births.csv", method: .post, headers: headers, body: ByteBuffer(string: "x")
            ) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("pupils.csv or school_rolls.csv"))
            }
        }
    }

    /// `inputs/pupils.csv` with each row's fields (area, name, year, year group, pupils) passed through `change`.
    static func census(_ change: ([String]) -> [String]) throws -> String {
        let lines = try String(
            contentsOf: repositoryRoot.appendingPathComponent("inputs/pupils.csv"), encoding: .utf8
        ).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let width = lines[0].split(separator: ",").count
        return
            ([lines[0]]
            + lines.dropFirst().map { line in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                return fields.count == width ? change(fields).joined(separator: ",") : line
            }).joined(separator: "\n")
    }

    @Test("upload: a census with a value far out is held until confirmed; revert goes back; a bad area code is a 400")
    func uploadWarningsAndRevert() async throws {
        // P06's 2022 Reception typed ten times too large (3,860 for 386).
        let tenfold = try Self.census { fields in
            fields[0] == "P06" && fields[2] == "2022" && fields[3] == "R"
                ? fields.dropLast() + [String(Int(fields[4])! * 10)] : fields
        }
        // One row, P02's 2022 Year 1, under a code no other row or planning area has.
        let renamed = try Self.census { fields in
            fields[0] == "P02" && fields[2] == "2022" && fields[3] == "1" ? ["P2"] + fields.dropFirst() : fields
        }
        try await withCityClient { client, fixture in
            let headers = bearer(fixture.planner)
            func reception() async -> Double? {
                await fixture.state.base.run.forecast.rows.first {
                    $0.area.code == "P06" && $0.year.startYear == 2022 && $0.yearGroup.label == "R"
                }?.pupils
            }
            let published = await reception()
            try await client.execute(
                uri: "/api/inputs/pupils.csv", method: .post, headers: headers, body: ByteBuffer(string: tenfold)
            ) { response in
                #expect(response.status == .conflict)
                let message = String(buffer: response.body)
                #expect(message.contains("pupils.csv passes every check, but with"), "\(message)")
                #expect(message.contains("far from the area's other years"), "\(message)")
                #expect(message.contains("?confirm=1"))
                #expect(!message.contains(fixture.state.uploadsFolder.path), "names the file, not the server's copy")
            }
            #expect(await reception() == published, "held: the base is unchanged")
            #expect(try fixture.store.inputSetCount() == 0)
            try await client.execute(
                uri: "/api/inputs/pupils.csv?confirm=1", method: .post, headers: headers,
                body: ByteBuffer(string: tenfold)
            ) { response in
                #expect(response.status == .ok)
                let warnings = try decoded(ApiRoutes.UploadBody.self, response).warnings
                #expect(warnings.contains { $0.contains("far from the area's other years") }, "\(warnings)")
            }
            #expect(await reception() == published.map { $0 * 10 })
            let upload = try #require(try fixture.store.runs().first)
            #expect(upload.kind == "upload" && upload.changes.contains("accepted with warnings:"))
            try await client.execute(uri: "/api/inputs/revert", method: .post, headers: headers) { response in
                #expect(response.status == .ok)
            }
            #expect(await reception() == published, "back to the base before the upload")
            #expect(try fixture.store.runs().first?.kind == "revert")
            try await client.execute(uri: "/api/inputs/revert", method: .post, headers: headers) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("the base is the one the app started with"))
            }
            try await client.execute(
                uri: "/api/inputs/pupils.csv", method: .post, headers: headers, body: ByteBuffer(string: renamed)
            ) { response in
                #expect(response.status == .badRequest, "a problem of the file, not of the server")
                let message = String(buffer: response.body)
                #expect(
                    message.contains("pupils.csv:") && message.contains("area P2 is not a planning area"), "\(message)")
            }
        }
    }

    @Test("the run history: newest first, kept across a reopen, with both migrations")
    func runHistory() async throws {
        try await withCityClient { client, fixture in
            try fixture.store.record(user: "second", kind: "base", inputs: "inputs", summary: "again")
            try await client.execute(uri: "/api/runs", method: .get) { response in
                let body = try decoded(ApiRoutes.RunsBody.self, response)
                #expect(body.runs.map(\.user) == ["second", "tester"])
                #expect(body.runs.map(\.id) == [2, 1])
            }
            let reopened = try WebStore(path: fixture.folder.appendingPathComponent("web.sqlite").path)
            #expect(try reopened.runs().count == 2)
            #expect(try reopened.appliedMigrations() == ["v1: runs", "v2: users, saved scenarios, input sets"])
        }
    }
}
