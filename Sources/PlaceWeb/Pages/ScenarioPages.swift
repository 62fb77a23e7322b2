import Foundation
import Hummingbird
import PlaceForecast
import PlaceIO
import PlacePipeline

/// The scenario pages: saved scenarios compared side by side with the base, and the editor (a grid of schools ×
/// years with PANs and capacity changes, births, housing and SEND variants) that writes a scenario file, runs it
/// through the API and shows the comparison.
enum ScenarioPages {
    /// Registers GET `/scenarios` and GET `/scenarios/new`.
    static func register(on router: Router<WebContext>, state: AppState) {
        router.get("/scenarios") { request, context in
            let base = await state.base
            let saved = try state.store.scenarios()
            let chosen = Set(request.uri.queryParameters.getAll("compare").compactMap { Int64(String($0)) })
            return Pages.html(
                Layout.page(
                    title: "Scenarios", visitor: context.visitor,
                    body: list(saved, chosen: chosen, base: base, visitor: context.visitor)))
        }
        router.get("/scenarios/new") { request, context in
            let base = await state.base
            var loaded: SavedScenario? = nil
            if let text = request.uri.queryParameters.get("from") {
                guard let id = Int64(text), let scenario = try state.store.scenario(id: id) else {
                    return Pages.problem(
                        .notFound, title: "No such saved scenario",
                        message: "There is no saved scenario '\(text)': the saved ones are listed on /scenarios.",
                        visitor: context.visitor, more: "<p><a href=\"/scenarios\">Saved scenarios</a></p>")
                }
                loaded = scenario
            }
            let suggest = request.uri.queryParameters.get("suggest") == "1"
            return Pages.html(
                Layout.page(
                    title: loaded.map { "Scenario editor: \($0.name)" } ?? "New scenario", visitor: context.visitor,
                    body: editor(base: base, visitor: context.visitor, from: loaded, suggest: suggest),
                    script: EditorScript.source))
        }
    }

    typealias SavedScenario = WebStore.SavedScenario

    /// The surplus rows of a saved scenario's results (the JSON of `POST /api/scenarios/run`), read leniently: only
    /// the fields the comparison needs.
    struct StoredResults: Decodable {
        /// One area, phase and year under the base the scenario was run on and under the scenario.
        struct Row: Decodable {
            let areaCode: String
            let phase: String
            let year: Int
            let baseSurplusPercent: Double?
            let scenarioSurplusPercent: Double?
        }
        let surplus: [Row]
        let summary: [String]?
    }

    /// The list of saved scenarios with checkboxes, and the comparison of those chosen with the base.
    static func list(_ saved: [SavedScenario], chosen: Set<Int64>, base: WebApp.Base, visitor: Visitor?) -> String {
        var html =
            "<p>Scenarios planners saved, newest first. Tick some and press Compare to set their surplus % beside "
            + "the base, area by area and year by year"
            + ((visitor?.role.mayEdit ?? false)
                ? "; or <a href=\"/scenarios/new\">make a new one</a>, or "
                    + "<a href=\"/scenarios/new?suggest=1\">start from the advisor's suggested PAN reductions</a>."
                : ".") + "</p>"
        guard !saved.isEmpty else { return html + "<p id=\"no-scenarios\">No scenario is saved yet.</p>" }
        html += "<form method=\"get\" action=\"/scenarios\" id=\"choose\">"
        html += Layout.table(
            ["Compare", "Name", "Description", "Saved by", "Saved at", "File", ""],
            saved.map { scenario in
                [
                    "<input type=\"checkbox\" name=\"compare\" value=\"\(scenario.id)\""
                        + (chosen.contains(scenario.id) ? " checked" : "") + ">",
                    Pages.escape(scenario.name), Pages.escape(scenario.description), Pages.escape(scenario.savedBy),
                    Pages.escape(scenario.savedAt),
                    "<details><summary>YAML</summary><pre>\(Pages.escape(scenario.file))</pre></details>",
                    "<a href=\"/scenarios/new?from=\(scenario.id)\">open in editor</a>",
                ]
            }, textColumns: [1, 2, 3, 4, 5, 6], id: "saved")
        html += "<p><button type=\"submit\">Compare with the base</button></p></form>"
        let compared = saved.filter { chosen.contains($0.id) }
        if !compared.isEmpty { html += comparison(compared, base: base) }
        return html
    }

    /// Surplus % by area and year: the base's, then each chosen scenario's with its difference in points.
    static func comparison(_ scenarios: [SavedScenario], base: WebApp.Base) -> String {
        let surplus = (base.run.planning?.result.surplus ?? []).filter { !$0.isLATotal }
        let years = Array(Set(surplus.filter(\.isForecast).map(\.year.startYear))).sorted()
        var results: [(SavedScenario, [String: StoredResults.Row]?)] = []
        for scenario in scenarios {
            let decoded = try? JSONDecoder().decode(StoredResults.self, from: Data(scenario.results.utf8))
            results.append(
                (
                    scenario,
                    decoded.map {
                        Dictionary($0.surplus.map { ("\($0.areaCode)|\($0.phase)|\($0.year)", $0) }) { first, _ in
                            first
                        }
                    }
                ))
        }
        let baseRows = Dictionary(
            surplus.map { ("\($0.areaCode)|\($0.phase.rawValue)|\($0.year.startYear)", $0) }
        ) { first, _ in first }
        var html = "<h2>Compared with the base</h2>"
        html +=
            "<p>Surplus places as a % of capacity. Each scenario's figure is followed by its difference from the "
            + "base in percentage points, in bold with ▲ or ▼ where it moves; the cell's colour is its status "
            + "against the target (red: short of places; orange: under the 5% margin; green: within the band; "
            + "blue: above it). A scenario saved before the last census upload was run on the base of its day; "
            + "its differences are against today's base.</p>"
        for (scenario, rows) in results where rows == nil {
            html +=
                "<p class=\"problem\">The results of '\(Pages.escape(scenario.name))' cannot be read; open it in the "
                + "editor and run it again.</p>"
        }
        html +=
            "<div class=\"wide\"><table id=\"compare\"><thead><tr><th class=\"text\">Area</th>"
            + "<th class=\"text\">Run</th>"
        html += years.map { "<th>\(AcademicYear($0).description)</th>" }.joined() + "</tr></thead><tbody>"
        let areas = AreaPages.areas(base)
        for area in areas {
            let phase = area.phase.rawValue
            let label =
                "<a href=\"/areas/\(Pages.escape(Pages.query(area.code)))\">\(Pages.escape(area.code))</a> "
                + Pages.escape(area.name)
            html += "<tr data-area=\"\(Pages.escape(area.code))\" data-phase=\"\(phase)\" data-run=\"base\">"
            html += "<td class=\"text\" rowspan=\"\(1 + results.filter { $0.1 != nil }.count)\">\(label)</td>"
            html += "<td class=\"text\">Base</td>"
            for year in years {
                let row = baseRows["\(area.code)|\(phase)|\(year)"]
                html +=
                    "<td data-year=\"\(year)\" class=\"\(Pages.statusClass(row?.surplusPercent))\">"
                    + "\(Pages.percent(row?.surplusPercent))</td>"
            }
            html += "</tr>"
            for (scenario, rows) in results {
                guard let rows else { continue }
                html +=
                    "<tr data-area=\"\(Pages.escape(area.code))\" data-phase=\"\(phase)\" "
                    + "data-run=\"\(scenario.id)\"><td class=\"text\">\(Pages.escape(scenario.name))</td>"
                for year in years {
                    let value = rows["\(area.code)|\(phase)|\(year)"]?.scenarioSurplusPercent
                    let before = baseRows["\(area.code)|\(phase)|\(year)"]?.surplusPercent
                    var cell = Pages.percent(value)
                    var direction = ""
                    if let value, let before {
                        let difference = value - before
                        if abs(difference) >= 0.05 {
                            cell += String(format: " (%+.1f)", difference)
                            direction = difference > 0 ? " up changed" : " down changed"
                        }
                    }
                    html +=
                        "<td data-year=\"\(year)\" class=\"\(Pages.statusClass(value))\(direction)\">\(cell)</td>"
                }
                html += "</tr>"
            }
        }
        return html + "</tbody></table></div>"
    }

    /// What the editor starts from: the base's PANs and no changes, or a saved scenario's file read back.
    struct Start {
        var name = "my-scenario"
        var description = ""
        var plan: SupplyPlan
        var capacity: [String: Double] = [:]
        var birthsPercent = 0.0
        var housingPercent = 0.0
        var housingDelay = 0
        var sendGrowth = 0.0
        /// The file as saved (shown until the grid is edited).
        var file = ""
        /// Top-level blocks of the file the grid does not show (closures, openings, model, early years, births
        /// replaced), added to the file the grid writes.
        var extra = ""
        var problem: String? = nil
    }

    /// The keys of a scenario file the editor's grid and fields write.
    static let gridKeys: Set<String> = [
        "name", "description", "pan_changes", "capacity_changes", "births", "housing", "send_growth_points",
    ]

    /// The top-level blocks of a YAML file whose key is not in `keys` (each block: its key line and the indented
    /// or comment lines after it), for keeping what the grid cannot show.
    static func blocks(of text: String, except keys: Set<String>) -> String {
        var kept: [String] = []
        var keeping = false
        for line in text.components(separatedBy: "\n") {
            let isTop = !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("#") && !line.hasPrefix("-")
            if isTop {
                let key = String(line.prefix { $0 != ":" }).trimmingCharacters(in: .whitespaces)
                keeping = !keys.contains(key)
            }
            if keeping { kept.append(line) }
        }
        return kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The saved scenario `saved` read against the base for the editor; when it no longer reads (the base changed),
    /// the base's values with the reason.
    static func start(_ saved: SavedScenario?, base: WebApp.Base, plan: SupplyPlan) -> Start {
        var start = Start(plan: plan)
        guard let saved else { return start }
        start.file = saved.file
        start.name = saved.name
        start.description = saved.description
        do {
            let context = try ScenarioPipeline.context(loaded: base.loaded, base: base.run)
            let scenario = try ScenarioFile.parse(saved.file, file: "scenario", context: context)
            start.plan = scenario.applied(to: plan)
            for year in base.run.forecast.years {
                for change in scenario.capacityChanges where change.isActive(in: year) {
                    start.capacity["\(change.areaCode)|\(change.phase.rawValue)|\(year.startYear)", default: 0] +=
                        change.places
                }
            }
            var keys = gridKeys
            if !scenario.birthsReplacement.isEmpty { keys.remove("births") }
            start.extra = blocks(of: saved.file, except: keys)
            start.birthsPercent = scenario.birthsPercent ?? 0
            start.housingPercent = scenario.housingPercent ?? 0
            start.housingDelay = scenario.housingDelayYears
            start.sendGrowth = scenario.sendGrowthPoints ?? 0
        } catch {
            start.problem =
                "The saved file no longer reads against this base, so the grid shows the base: \(error)"
        }
        return start
    }

    /// The editor: names, the PAN grid, capacity changes, demand variants, the file, Run and Save, the comparison.
    static func editor(base: WebApp.Base, visitor: Visitor?, from saved: SavedScenario?, suggest: Bool) -> String {
        guard let planning = base.run.planning else {
            return "<p class=\"problem\">Scenarios need planning areas and schools: the inputs have no "
                + "planning_areas.csv and schools.csv.</p>"
        }
        let mayEdit = visitor?.role.mayEdit ?? false
        let origin = base.run.forecast.origin
        let years = Array(base.run.forecast.years)
        let firstIntake = PlanningRules.firstChangeableIntake(origin: origin)
        let start = start(saved, base: base, plan: planning.planner.supply)
        var html =
            "<p>Change a school's admission number (PAN) in the grid as in a spreadsheet: a change carries on into "
            + "the later years. Intakes before \(firstIntake) are already determined (a PAN decided after the "
            + "\(origin) census first applies to the \(firstIntake.startYear) intake), so those cells are fixed. The "
            + "file below is what the grid writes; Run sets it against the base.</p>"
        if !mayEdit { html += Layout.viewerNote(visitor, doing: "run or save scenarios") }
        html += "<p id=\"errors\" role=\"alert\">\(Pages.escape(start.problem ?? ""))</p>"
        html += "<p id=\"status\" role=\"status\"></p>"
        if suggest {
            html +=
                "<div id=\"suggestion\" data-suggest=\"1\"><p>Loading the advisor's suggested PAN reductions…</p>"
                + "</div>"
        }
        html += "<div class=\"controls\">"
        html +=
            "<label>Name <input id=\"scenario-name\" value=\"\(Pages.escape(start.name))\"></label>"
            + "<label>Description <input id=\"scenario-description\" size=\"50\" "
            + "value=\"\(Pages.escape(start.description))\"></label></div>"
        html += "<h2>Admission numbers (PAN) by intake year</h2>"
        let schools = planning.planner.supply.schools.filter { $0.phase != .special && !$0.entryYearGroups.isEmpty }
            .sorted { ($0.areaCode, $0.name) < ($1.areaCode, $1.name) }
        html +=
            "<table id=\"pan-grid\" class=\"grid\" data-first-intake=\"\(firstIntake.startYear)\"><thead><tr>"
            + "<th class=\"text\">Area</th><th class=\"text\">School</th><th class=\"text\">PAN set by</th>"
            + "<th class=\"text\">Entry</th>"
            + years.map { "<th>\($0.description)</th>" }.joined() + "</tr></thead><tbody>"
        for school in schools {
            for entry in school.entryYearGroups {
                html +=
                    "<tr data-school=\"\(Pages.escape(school.id))\" data-entry=\"\(entry.label)\" "
                    + "data-first-entry=\"\(school.firstYearGroup.label)\">"
                    + "<td class=\"text\">\(Pages.escape(school.areaCode(for: entry.phase)))</td>"
                    + "<td class=\"text\"><a href=\"/schools/\(Pages.escape(Pages.query(school.id)))\">"
                    + "\(Pages.escape(school.name))</a></td><td class=\"text\">\(Layout.panSetter(school))</td>"
                    + "<td class=\"text\">\(entry.label)</td>"
                for year in years {
                    let basePAN = planning.planner.supply.pan(school, entry: entry, intakeYear: year)
                    let value = start.plan.pan(school, entry: entry, intakeYear: year)
                    let fixed = year < firstIntake
                    html +=
                        "<td><input class=\"pan\(value != basePAN ? " changed" : "")\" type=\"number\" min=\"0\" "
                        + "step=\"1\" data-school=\"\(Pages.escape(school.id))\" data-year=\"\(year.startYear)\" "
                        + "data-entry=\"\(entry.label)\" data-base=\"\(CSVWriter.number(basePAN))\" "
                        + "value=\"\(CSVWriter.number(value))\" aria-label=\"\(Pages.escape(school.name)) "
                        + "\(entry.label) \(year.description)\"\(fixed ? " readonly" : "")></td>"
                }
                html += "</tr>"
            }
        }
        html += "</tbody></table>"
        html += "<h2>Capacity changes by planning area (places added, or removed if negative)</h2>"
        html +=
            "<p>Bulge classes and temporary places that are not a school's PAN: the places the area gains in each "
            + "year (e.g. 150 across Years 7–11 for one form of entry).</p>"
        html +=
            "<table id=\"capacity-grid\" class=\"grid\"><thead><tr><th class=\"text\">Area</th>"
            + years.map { "<th>\($0.description)</th>" }.joined() + "</tr></thead><tbody>"
        for area in AreaPages.areas(base) where area.phase != .sixthForm {
            html +=
                "<tr data-area=\"\(Pages.escape(area.code))\" data-phase=\"\(area.phase.rawValue)\">"
                + "<td class=\"text\">\(Pages.escape(area.code)) \(Pages.escape(area.name))</td>"
            for year in years {
                let places = start.capacity["\(area.code)|\(area.phase.rawValue)|\(year.startYear)"] ?? 0
                html +=
                    "<td><input class=\"capacity\(places != 0 ? " changed" : "")\" type=\"number\" step=\"1\" "
                    + "data-area=\"\(Pages.escape(area.code))\" data-phase=\"\(area.phase.rawValue)\" "
                    + "data-year=\"\(year.startYear)\" value=\"\(CSVWriter.number(places))\"></td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table>"
        html += "<h2>Demand</h2><div class=\"controls\">"
        html +=
            "<label>Births change % <input id=\"births-percent\" type=\"number\" step=\"0.5\" "
            + "value=\"\(CSVWriter.number(start.birthsPercent))\"></label>"
            + "<label>Housing completions change % <input id=\"housing-percent\" type=\"number\" step=\"5\" "
            + "value=\"\(CSVWriter.number(start.housingPercent))\"></label>"
            + "<label>Housing delay (years) <input id=\"housing-delay\" type=\"number\" step=\"1\" min=\"0\" "
            + "value=\"\(start.housingDelay)\"></label>"
            + "<label>SEND growth (points a year) <input id=\"send-growth\" type=\"number\" step=\"0.5\" "
            + "value=\"\(CSVWriter.number(start.sendGrowth))\"></label></div>"
        html += "<h2>Scenario file</h2>"
        html +=
            "<textarea id=\"extra-yaml\" hidden>\(Pages.escape(start.extra))</textarea>"
            + "<textarea id=\"scenario-file\" spellcheck=\"false\" data-loaded=\"\(saved == nil ? "0" : "1")\">"
            + Pages.escape(start.file) + "</textarea>"
        if mayEdit {
            html +=
                "<p><button id=\"run\" type=\"button\">Run against the base</button> "
                + "<button id=\"save\" type=\"button\">Save</button></p>"
        }
        html += "<h2>Comparison with the base (surplus %)</h2>"
        html +=
            "<p>Each cell shows the base's surplus % → the scenario's, in bold with ▲ or ▼ where it moves. The "
            + "colour is the scenario's status against the target: red short of places, orange under the 5% "
            + "margin, green within the band, blue above it (spare places that cost money).</p>"
        html += "<pre id=\"summary\"></pre>"
        html += "<div class=\"wide\"><table id=\"comparison\"><thead></thead><tbody></tbody></table></div>"
        return html
    }
}
