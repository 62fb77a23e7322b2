import Foundation
import Hummingbird
import PlaceForecast
import PlaceIO
import PlacePipeline

/// The JSON API (`/api/...`) and the downloads: the same operations as the pages, over the same pipeline as the
/// command line. `docs/openapi.json` describes every route; a test checks the two agree.
public enum ApiRoutes {
    /// The JSON of `GET /api/session`: who the app takes the caller to be.
    public struct SessionBody: ResponseCodable, Sendable {
        public let name: String
        public let role: String
        public let mayEdit: Bool
        public let csrfToken: String
        /// False for the person at this machine on a loopback-only app.
        public let signedIn: Bool
    }

    /// The JSON of `GET /api/summary`.
    public struct SummaryBody: ResponseCodable, Sendable {
        public let model: String
        public let origin: Int
        public let horizon: Int
        public let areas: Int
        public let summary: [String]
    }

    /// One row of `GET /api/surplus`: a planning area (or LA total), phase and year against its capacity.
    public struct SurplusBody: ResponseCodable, Sendable {
        public let areaCode: String
        public let phase: String
        /// Academic year, by its starting calendar year.
        public let year: Int
        public let capacity: Double
        public let pupils: Double
        public let surplusPercent: Double?
        public let status: String
    }

    /// The JSON of `GET /api/schools`: what the scenario editor's grid is made of.
    public struct SchoolsBody: ResponseCodable, Sendable {
        public struct Area: Codable, Sendable {
            public let code: String
            public let name: String
            public let phase: String
        }
        public struct School: Codable, Sendable {
            public let id: String
            public let name: String
            public let areaCode: String
            public let phase: String
            /// The year group admitted at the PAN ("R", "Y3" at a junior school, "Y7").
            public let entryYearGroup: String
            public let pan: Double
            public let capacity: Double
            /// False for an academy or other own-admission-authority school: the LA can only ask.
            public let laSetsPAN: Bool
        }
        public let origin: Int
        /// Forecast years, by starting calendar year.
        public let years: [Int]
        public let areas: [Area]
        public let schools: [School]
    }

    /// The JSON of a scenario run: the scenario's summary against the base, and each area's capacity, pupils and
    /// surplus % under both.
    public struct ScenarioBody: ResponseCodable, Sendable, Equatable {
        public struct Row: Codable, Sendable, Equatable {
            public let areaCode: String
            public let areaName: String
            public let phase: String
            public let year: Int
            public let baseCapacity: Double
            public let scenarioCapacity: Double
            public let basePupils: Double
            public let scenarioPupils: Double
            public let baseSurplusPercent: Double?
            public let scenarioSurplusPercent: Double?
        }
        public let name: String
        public let description: String
        /// The scenario file run (YAML or JSON, as sent).
        public let file: String
        /// What the file asks that changes nothing, in words (as `scenario run` prints them).
        public let warnings: [String]
        public let summary: [String]
        public let surplus: [Row]
    }

    /// The JSON of a saved scenario.
    public struct SavedBody: ResponseCodable, Sendable {
        public let id: Int64
        public let name: String
        public let description: String
        public let file: String
        public let savedBy: String
        public let savedAt: String
        /// Omitted in the list of saved scenarios.
        public let results: ScenarioBody?
    }

    /// The JSON of `GET /api/scenarios`.
    public struct SavedListBody: ResponseCodable, Sendable {
        public let scenarios: [SavedBody]
    }

    /// The JSON of `GET /api/scenarios/suggest`: the advisor's proposals as a scenario file, editable before it is
    /// run or saved.
    public struct SuggestBody: ResponseCodable, Sendable {
        public let file: String
        public let summary: [String]
    }

    /// The JSON of `GET /api/explain`.
    public struct ExplainBody: ResponseCodable, Sendable {
        public let text: String
    }

    /// The JSON of `POST /api/inputs/:file`: the new base's summary.
    public struct UploadBody: ResponseCodable, Sendable {
        public let file: String
        public let warnings: [String]
        public let summary: [String]
    }

    /// The JSON of `GET /api/runs`.
    public struct RunsBody: ResponseCodable, Sendable {
        public let runs: [WebStore.Run]
    }

    /// The largest scenario file accepted (bytes); a larger body gets 413.
    public static let maximumScenarioBytes = 64 * 1024
    /// The census files a planner may upload.
    public static let uploadableFiles = ["pupils.csv", "school_rolls.csv"]

    /// Registers every API route and the downloads on `router`.
    public static func register(on router: Router<WebContext>, state: AppState, queue: ScenarioQueue) {
        router.get("/api/session") { _, context -> SessionBody in
            let visitor = try context.requireVisitor()
            return SessionBody(
                name: visitor.name, role: visitor.role.rawValue, mayEdit: visitor.role.mayEdit,
                csrfToken: visitor.csrfToken, signedIn: !visitor.isLocal)
        }
        router.get("/api/summary") { _, _ in summary(await state.base) }
        router.get("/api/surplus") { _, _ in surplus(await state.base) }
        router.get("/api/schools") { _, _ in try schools(await state.base) }
        router.get("/api/runs") { _, _ in RunsBody(runs: try state.store.runs()) }
        router.post("/api/scenarios/run") { request, context -> ScenarioBody in
            let visitor = try context.requirePlanner()
            let text = try await scenarioText(request)
            let base = await state.base
            let outcome = try await queue.run { try runScenario(text, base: base) }
            try state.store.record(
                user: visitor.name, kind: "scenario", inputs: inputsName(base), summary: lines(outcome.summary),
                changes: text)
            return outcome
        }
        router.post("/api/scenarios") { request, context -> EditedResponse<SavedBody> in
            let visitor = try context.requirePlanner()
            let text = try await scenarioText(request)
            let base = await state.base
            let outcome = try await queue.run { try runScenario(text, base: base) }
            let saved: WebStore.SavedScenario
            do {
                saved = try state.store.saveScenario(
                    name: outcome.name, description: outcome.description, file: text,
                    results: String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self),
                    summary: lines(outcome.summary), inputs: inputsName(base), by: visitor.name)
            } catch let error as StoreError {
                throw HTTPError(.conflict, message: error.description)
            }
            return EditedResponse(status: .created, response: try savedBody(saved, withResults: true))
        }
        router.get("/api/scenarios") { _, _ in
            SavedListBody(scenarios: try state.store.scenarios().map { try savedBody($0, withResults: false) })
        }
        router.get("/api/scenarios/suggest") { _, context -> SuggestBody in
            _ = try context.requirePlanner()
            let base = await state.base
            return try await queue.run { try suggest(base) }
        }
        router.get("/api/scenarios/:id") { _, context -> SavedBody in
            let text = try context.parameters.require("id")
            guard let id = Int64(text), let saved = try state.store.scenario(id: id) else {
                throw HTTPError(.notFound, message: "No saved scenario \(text): GET /api/scenarios lists them")
            }
            return try savedBody(saved, withResults: true)
        }
        router.get("/api/explain") { request, _ -> ExplainBody in
            ExplainBody(text: try explain(request.uri.queryParameters, base: await state.base))
        }
        router.post("/api/inputs/:file") { request, context -> UploadBody in
            let visitor = try context.requirePlanner()
            let file = try context.parameters.require("file")
            guard uploadableFiles.contains(file) else {
                throw HTTPError(
                    .notFound,
                    message: "'\(file)' cannot be uploaded: upload \(uploadableFiles.joined(separator: " or "))")
            }
            let body = try await request.body.collect(upTo: AccessPolicy.maximumBodyBytes)
            return try await upload(
                file: file, text: String(buffer: body), confirm: request.uri.queryParameters.get("confirm") == "1",
                by: visitor, state: state, queue: queue)
        }
        router.post("/api/inputs/revert") { _, context -> UploadBody in
            try await revert(by: try context.requirePlanner(), state: state)
        }
        router.get("/downloads/:file") { _, context in
            try download(try context.parameters.require("file"), base: await state.base)
        }
    }

    static func lines(_ text: [String]) -> String { text.joined(separator: "\n") }

    static func inputsName(_ base: WebApp.Base) -> String { base.loaded.locations.inputs ?? "inputs" }

    static func summary(_ base: WebApp.Base) -> SummaryBody {
        SummaryBody(
            model: base.loaded.model.name, origin: base.run.forecast.origin.startYear,
            horizon: base.run.forecast.horizon, areas: Set(base.run.forecast.rows.map(\.area.code)).count,
            summary: base.summary.components(separatedBy: "\n").filter { !$0.isEmpty })
    }

    static func surplus(_ base: WebApp.Base) -> [SurplusBody] {
        (base.run.planning?.result.surplus ?? []).map { row in
            SurplusBody(
                areaCode: row.areaCode, phase: row.phase.rawValue, year: row.year.startYear,
                capacity: row.capacity, pupils: row.pupils, surplusPercent: row.surplusPercent,
                status: row.status.rawValue)
        }
    }

    static func schools(_ base: WebApp.Base) throws -> SchoolsBody {
        guard let supply = base.loaded.supply else {
            throw HTTPError(
                .notFound, message: "These inputs have no schools.csv and planning_areas.csv: there is no grid to edit")
        }
        let forecast = base.run.forecast
        return SchoolsBody(
            origin: forecast.origin.startYear,
            years: Array(forecast.years.lowerBound.startYear...forecast.years.upperBound.startYear),
            areas: supply.areas.map { SchoolsBody.Area(code: $0.code, name: $0.name, phase: $0.phase.rawValue) },
            schools: supply.plan.schools.filter { $0.phase != .special }.map { school in
                SchoolsBody.School(
                    id: school.id, name: school.name, areaCode: school.areaCode, phase: school.phase.rawValue,
                    entryYearGroup: school.firstYearGroup.label, pan: school.pan, capacity: school.netCapacity,
                    laSetsPAN: school.admissionAuthority == .la)
            })
    }

    /// The request body as text: 413 above `maximumScenarioBytes`, 400 when it is empty.
    static func scenarioText(_ request: Request) async throws -> String {
        let body = try await request.body.collect(upTo: maximumScenarioBytes)
        let text = String(buffer: body)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw HTTPError(
                .badRequest,
                message: "The body is empty: send a scenario file (YAML as in models/scenarios/*.yaml, or JSON)")
        }
        return text
    }

    /// Runs the scenario file `text` (the format of `models/scenarios/*.yaml`; JSON is YAML too) against the base.
    /// A file the command line would refuse gets 400 with the command line's message (line and column in
    /// "scenario").
    static func runScenario(_ text: String, base: WebApp.Base) throws -> ScenarioBody {
        do {
            let context = try ScenarioPipeline.context(loaded: base.loaded, base: base.run)
            let scenario = try ScenarioFile.parse(text, file: "scenario", context: context)
            let model = try ScenarioPipeline.model(for: scenario)
            // The context above needs the supply side, so the base scenario exists here.
            let baseRun = base.baseScenario!
            let run = try ScenarioRun(scenario, model: model, loaded: base.loaded, base: base.run)
            let areas = base.loaded.supply?.areas ?? []
            let names = Dictionary(areas.map { ($0.code, $0.name) }) { first, _ in first }
            func key(_ row: SurplusRow) -> String { "\(row.areaCode)|\(row.phase.rawValue)|\(row.year.startYear)" }
            let before = Dictionary(baseRun.result.surplus.map { (key($0), $0) }) { first, _ in first }
            return ScenarioBody(
                name: scenario.name, description: scenario.description, file: text, warnings: scenario.warnings,
                summary: ScenarioReport.summary([baseRun.outcome, run.outcome], areas: areas)
                    .components(separatedBy: "\n").filter { !$0.isEmpty },
                surplus: run.result.surplus.map { row in
                    let old = before[key(row)]
                    return ScenarioBody.Row(
                        areaCode: row.areaCode, areaName: names[row.areaCode] ?? row.areaCode,
                        phase: row.phase.rawValue, year: row.year.startYear,
                        baseCapacity: old?.capacity ?? row.capacity, scenarioCapacity: row.capacity,
                        basePupils: old?.pupils ?? row.pupils, scenarioPupils: row.pupils,
                        baseSurplusPercent: old?.surplusPercent, scenarioSurplusPercent: row.surplusPercent)
                })
        } catch {
            throw refusal(error)
        }
    }

    static func savedBody(_ saved: WebStore.SavedScenario, withResults: Bool) throws -> SavedBody {
        SavedBody(
            id: saved.id, name: saved.name, description: saved.description, file: saved.file, savedBy: saved.savedBy,
            savedAt: saved.savedAt,
            results: withResults ? try JSONDecoder().decode(ScenarioBody.self, from: Data(saved.results.utf8)) : nil)
    }

    /// The advisor's proposals with `placeplan scenario suggest`'s default rules.
    static func suggest(_ base: WebApp.Base) throws -> SuggestBody {
        guard let supply = base.loaded.supply else {
            throw HTTPError(.notFound, message: "These inputs have no schools: there is nothing to suggest")
        }
        let rules = PANAdvisor.Rules()
        let advice = AdvisorPipeline.advise(base: base.run, supply: supply, rules: rules)
        return SuggestBody(
            file: ScenarioFile.suggestedYAML(
                advice.outcomes, margins: advice.margins, schools: supply.plan.schools, rules: rules,
                target: advice.target, band: advice.band, path: "suggested.yaml"),
            summary: ScenarioReport.suggestionTable(
                advice.outcomes, margins: advice.margins, target: advice.target, band: advice.band,
                census: base.run.forecast.origin.startYear
            ).components(separatedBy: "\n").filter { !$0.isEmpty })
    }

    /// `placeplan explain`'s chain for the query's `area`, `year`, `group` and optional `school`; 400 naming the
    /// problem when one is missing or unknown.
    static func explain(_ query: Parameters, base: WebApp.Base) throws -> String {
        guard let area = query.get("area"), let yearText = query.get("year"), let groupText = query.get("group")
        else {
            throw HTTPError(
                .badRequest, message: "Give area, year and group, e.g. /api/explain?area=P06&year=2025&group=R")
        }
        guard let year = AcademicYear(label: yearText) else {
            throw HTTPError(
                .badRequest, message: "year must be an academic year such as 2025 or 2025/26 (got '\(yearText)')")
        }
        guard let group = YearGroup(spoken: groupText) else {
            throw HTTPError(.badRequest, message: "group must be R or 1 to 13 (got '\(groupText)')")
        }
        do {
            let code = try base.loaded.areaCode(area, option: "area")
            return try ExplainReport.explain(
                area: code, year: year, group: group, forecast: base.run.forecast,
                inputs: base.loaded.forecastInputs, planning: base.run.planning, school: query.get("school"),
                knownIntakesFile: base.loaded.knownIntakes?.file)
        } catch {
            throw refusal(error)
        }
    }

    /// A new census file, read in place of the base's `file` with every check of the command line (earlier
    /// uploads still in force). It becomes the base when it passes; when it fails, 400 with the command line's message
    /// (naming `file`, its line and column) and nothing changes. When it passes with warnings the base had not
    /// (a value far from its neighbours, say), 409 lists them and it becomes the base only when sent again with
    /// `confirm`. The file is kept under the uploads folder; the user's own inputs folder is never written.
    static func upload(
        file: String, text: String, confirm: Bool, by visitor: Visitor, state: AppState, queue: ScenarioQueue
    ) async throws -> UploadBody {
        let (base, uploads) = await (state.base, state.uploads)
        let folder = state.uploadsFolder
        let path = folder.appendingPathComponent(
            "\(ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: ""))-"
                + "\(WebStore.randomHex(bytes: 4))-\(file)"
        ).path
        let version = state.version
        let locations = base.loaded.locations
        let replacements = uploads.merging([file: path]) { $1 }
        /// The message with the server's copy named as the file the planner uploaded.
        func named(_ text: String) -> String { text.replacingOccurrences(of: path, with: file) }
        let newBase: WebApp.Base
        do {
            newBase = try await queue.run {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                let loaded = try InputSet.load(locations, adjustments: ReadingAdjustments(replacements: replacements))
                return try WebApp.Base(loaded, horizon: locations.horizon, version: version)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw refusal(error, naming: named)
        }
        let known = Set(base.loaded.warnings.map(named))
        let warnings = newBase.loaded.warnings.map(named)
        let new = warnings.filter { !known.contains($0) }
        if !new.isEmpty && !confirm {
            try? FileManager.default.removeItem(atPath: path)
            throw HTTPError(
                .conflict,
                message: "\(file) passes every check, but with \(new.count) warning\(new.count == 1 ? "" : "s") the "
                    + "base does not have:\n" + new.map { "- " + $0 }.joined(separator: "\n")
                    + "\nCorrect the file, or send it again with ?confirm=1 to make it the base as it is.")
        }
        await state.replace(with: newBase, uploads: replacements)
        _ = try state.store.saveInputSet(file: file, text: text, path: path, by: visitor.name)
        try state.store.record(
            user: visitor.name, kind: "upload", inputs: path, summary: newBase.summary,
            changes: "\(file) uploaded (\(text.split(separator: "\n").count - 1) rows)"
                + (new.isEmpty ? "" : ", accepted with warnings:\n" + new.map { "- " + $0 }.joined(separator: "\n")))
        return UploadBody(
            file: file, warnings: new, summary: newBase.summary.components(separatedBy: "\n").filter { !$0.isEmpty })
    }

    /// Goes back to the base before the last upload; 409 when the base is the one the app started with.
    static func revert(by visitor: Visitor, state: AppState) async throws -> UploadBody {
        guard let (base, undone) = await state.revert() else {
            throw HTTPError(.conflict, message: "Nothing to go back to: the base is the one the app started with")
        }
        try state.store.record(
            user: visitor.name, kind: "revert", inputs: inputsName(base), summary: base.summary,
            changes: "went back to the base before the upload of " + undone.joined(separator: " and "))
        return UploadBody(
            file: undone.joined(separator: ", "), warnings: [],
            summary: base.summary.components(separatedBy: "\n").filter { !$0.isEmpty })
    }

    /// The HTTP error for a pipeline error: 400 with the command line's message (rewritten by `naming`) for a
    /// problem of the input (an input, forecast or pipeline error); anything else 500 with its description, never
    /// an empty body.
    static func refusal(_ error: any Error, naming: (String) -> String = { $0 }) -> any Error {
        switch error {
        case let error as HTTPError: error
        case let error as InputError: HTTPError(.badRequest, message: naming(error.description))
        case let error as PipelineError: HTTPError(.badRequest, message: naming(error.description))
        case let error as ForecastError: HTTPError(.badRequest, message: naming(error.message))
        case let error as ExplainError: HTTPError(.badRequest, message: naming(error.description))
        default: HTTPError(.internalServerError, message: naming("\(error)"))
        }
    }

    /// An output of the base run: a CSV, the workbook or the report; 404 listing the files there are.
    static func download(_ name: String, base: WebApp.Base) throws -> Response {
        let (data, type): (Data, String)
        if let text = base.run.files.first(where: { $0.0 == name })?.1 {
            (data, type) = (Data(text.utf8), "text/csv; charset=utf-8")
        } else if name == WebApp.Base.workbookName {
            (data, type) = (base.workbook, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        } else if name == WebApp.Base.reportName {
            (data, type) = (Data(base.report.utf8), "text/html; charset=utf-8")
        } else {
            throw HTTPError(
                .notFound, message: "No file '\(name)' in this run: \(base.downloads.joined(separator: ", "))")
        }
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
