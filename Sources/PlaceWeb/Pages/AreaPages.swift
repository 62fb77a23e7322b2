import Charts
import Foundation
import Hummingbird
import PlaceForecast
import PlaceIO
import PlacePipeline

/// The planning-area pages: the list of areas with their surplus now and at the horizon, and one area's pupils,
/// capacity, surplus against the target, schools and chart, each figure linked to its explanation.
enum AreaPages {
    /// Registers GET `/areas` and GET `/areas/:code`.
    static func register(on router: Router<WebContext>, state: AppState) {
        router.get("/areas") { _, context in
            let base = await state.base
            return Pages.html(Layout.page(title: "Planning areas", visitor: context.visitor, body: list(base)))
        }
        router.get("/areas/:code") { _, context in
            let base = await state.base
            let code = context.parameters.get("code") ?? ""
            let areas = Self.areas(base)
            guard let area = areas.first(where: { $0.code == code }) else {
                return Pages.problem(
                    .notFound, title: "No such planning area",
                    message: "There is no planning area '\(code)'. The planning areas are: "
                        + areas.map(\.code).joined(separator: ", "),
                    visitor: context.visitor, more: "<p><a href=\"/areas\">All planning areas</a></p>")
            }
            return Pages.html(
                Layout.page(
                    title: "\(area.code) \(area.name)", visitor: context.visitor, body: page(area, base: base)))
        }
    }

    /// The base's planning areas (from planning_areas.csv; without it, the forecast's areas as primary ones).
    static func areas(_ base: WebApp.Base) -> [PlanningArea] {
        if let areas = base.loaded.supply?.areas { return areas.sorted { $0.code < $1.code } }
        var seen: [String: PlanningArea] = [:]
        for row in base.run.forecast.rows where seen[row.area.code] == nil {
            seen[row.area.code] = PlanningArea(
                code: row.area.code, name: row.area.name, phase: row.yearGroup.phase, laCode: "")
        }
        return seen.values.sorted { $0.code < $1.code }
    }

    /// The year groups whose pupils an area of `phase` plans places for (primary R–6, secondary 7–13).
    static func groups(_ phase: Phase) -> [YearGroup] {
        YearGroup.projected.filter { phase == .primary ? $0.index <= 6 : $0.index >= 7 }
    }

    /// The entry year group of a phase (Reception or Year 7), the one whose explanation a total links to.
    static func entryGroup(_ phase: Phase) -> String { phase == .primary ? "R" : "7" }

    /// The list of areas: surplus % at the census and the last forecast year, the first year short or below
    /// target.
    static func list(_ base: WebApp.Base) -> String {
        let surplus = base.run.planning?.result.surplus ?? []
        let byArea = Dictionary(grouping: surplus, by: { "\($0.areaCode)|\($0.phase.rawValue)" })
        let rows = areas(base).map { area -> [String] in
            let years = (byArea["\(area.code)|\(area.phase.rawValue)"] ?? []).sorted { $0.year < $1.year }
            let first = years.first
            let last = years.last
            let short = years.first { $0.isForecast && ($0.surplusPercent ?? -1) < 0 }
            let below = years.first { $0.isForecast && ($0.surplusPercent ?? -1) < $0.targetPercent }
            func cell(_ row: SurplusRow?) -> String {
                guard let row else { return "–" }
                return
                    "<span class=\"\(Pages.statusClass(of: row))\">"
                    + "\(Pages.percent(row.surplusPercent))</span> (\(row.year.description))"
            }
            return [
                "<a href=\"/areas/\(Pages.escape(Pages.query(area.code)))\">\(Pages.escape(area.code))</a>",
                Pages.escape(area.name), Pages.escape(area.phase.rawValue), cell(first), cell(last),
                short.map { Pages.escape($0.year.description) } ?? "never",
                below.map { Pages.escape($0.year.description) } ?? "never",
            ]
        }
        return "<p>Surplus places as a share of capacity, at the census and in the last forecast year; the target is "
            + "\(Pages.escape(CSVWriter.number(surplus.first?.targetPercent ?? 5)))% spare. Open an area for its "
            + "pupils by year group, its schools and how each number was made.</p>"
            + Layout.table(
                [
                    "Area", "Name", "Phase", "Surplus at census", "Surplus at horizon", "First short",
                    "First below target",
                ],
                rows, textColumns: [0, 1, 2], id: "areas")
    }

    /// One area's page: the surplus by year, pupils by year group, its schools and a chart.
    static func page(_ area: PlanningArea, base: WebApp.Base) -> String {
        let forecast = base.run.forecast
        let groups = groups(area.phase)
        let surplus = (base.run.planning?.result.surplus ?? []).filter {
            $0.areaCode == area.code && $0.phase == area.phase
        }.sorted { $0.year < $1.year }
        let target = surplus.first?.targetPercent ?? 5
        var html =
            "<p class=\"meta\">\(Pages.escape(area.phase.rawValue.capitalized)) planning area"
            + (area.laCode.isEmpty ? "" : " of LA \(Pages.escape(area.laCode))")
            + "; forecast model '\(Pages.escape(forecast.modelName))' from the \(forecast.origin) census. "
            + "Pupils are the sum of the year groups below, where the ? beside each figure shows how it was made.</p>"
        if let worst = surplus.filter(\.isForecast).min(by: {
            ($0.surplusPercent ?? -.infinity) < ($1.surplusPercent ?? -.infinity)
        }) {
            html +=
                "<p class=\"finding\">Lowest surplus in the forecast: \(Pages.percent(worst.surplusPercent)) in "
                + "\(worst.year) (\(Pages.escape(worst.status.rawValue)); target \(CSVWriter.number(target))%, band "
                + "\(CSVWriter.number(worst.bandPercent))%).</p>"
        }
        html += "<h2>Pupils against capacity</h2>"
        if surplus.isEmpty {
            html += "<p>No capacity for this area: the inputs have no schools.csv or planning_areas.csv.</p>"
        } else {
            // The totals have no ? of their own: each is a sum of year groups, whose figures below have theirs.
            let rows = surplus.map { row -> [String] in
                [
                    Pages.escape(row.year.description) + (row.isForecast ? "" : " (census)"),
                    Pages.whole(row.capacity), "<span data-pupils>\(Pages.whole(row.pupils))</span>",
                    Pages.whole(row.surplusPlaces),
                    "<span class=\"\(Pages.statusClass(of: row))\">"
                        + "\(Pages.percent(row.surplusPercent))</span>",
                    Pages.escape(row.status.rawValue),
                ]
            }
            html += Layout.table(
                ["Year", "Capacity", "Pupils", "Surplus places", "Surplus %", "Status"], rows, textColumns: [0, 5],
                id: "surplus")
        }
        if let chart = chart(area, base: base, surplus: surplus) { html += "<figure>\(chart)</figure>" }

        html += buildNeeds(area, base: base)
        html += "<h2>Pupils by year group</h2>"
        let history = base.loaded.forecastInputs.pupils[area.code]
        let origin = forecast.origin
        let rowsByKey = Dictionary(
            forecast.rows.filter { $0.area.code == area.code }.map {
                ("\($0.year.startYear)|\($0.yearGroup.index)", $0)
            }
        ) { first, _ in first }
        let years = Array(forecast.years)
        var groupRows: [[String]] = []
        for group in groups {
            var cells = [Pages.escape(group.description)]
            cells.append(history?.pupils(origin, group).map(Pages.whole) ?? "–")
            for year in years {
                if let row = rowsByKey["\(year.startYear)|\(group.index)"] {
                    cells.append(
                        Pages.whole(row.pupils)
                            + Pages.explainLink(area: area.code, year: year.startYear, group: group.label))
                } else {
                    cells.append("–")
                }
            }
            groupRows.append(cells)
        }
        html += Layout.table(
            ["Year group", "\(origin) (census)"] + years.map(\.description), groupRows, id: "year-groups")

        html += "<h2>Schools</h2>"
        html += schools(area, base: base)
        return html
    }

    /// The area's build needs (the report's table) and, for each, whether a year is short of places or the build
    /// only restores the operating margin, where a bulge class or temporary places may be the smaller step.
    static func buildNeeds(_ area: PlanningArea, base: WebApp.Base) -> String {
        guard let planning = base.run.planning else { return "" }
        let needs = planning.result.buildNeeds.filter { $0.areaCode == area.code && $0.placesToBuild > 0 }
        guard !needs.isEmpty else { return "" }
        var html = "<h2>Places to build</h2>" + HTMLReport.buildNeedsTable(needs, areas: [area])
        let target = base.loaded.supply?.settings.targetPercent ?? 5
        for need in needs {
            let kind = need.kind == .bulge ? "The bulge" : "The build"
            if let short = need.firstShortfallYear {
                html +=
                    "<p>\(kind) covers a shortfall: from \(Pages.escape(short.description)) the forecast pupils are "
                    + "more than the places.</p>"
            } else {
                html +=
                    "<p>\(kind) restores the \(CSVWriter.number(target))% operating margin: no year is short of "
                    + "places in the forecast, so a bulge class or temporary places may be the smaller step.</p>"
            }
        }
        return html
    }

    /// The area's schools: PAN, net capacity, roll at the census and at the horizon, highest deficit risk.
    static func schools(_ area: PlanningArea, base: WebApp.Base) -> String {
        guard let planning = base.run.planning else { return "<p>No schools: the inputs have no schools.csv.</p>" }
        let origin = base.run.forecast.origin
        let last = base.run.forecast.years.upperBound
        let schools = planning.planner.supply.schools.filter { $0.isIn(area: area.code) }.sorted { $0.name < $1.name }
        guard !schools.isEmpty else { return "<p>No schools count their places in this area.</p>" }
        let rolls = base.loaded.supply?.rolls
        let risks = Dictionary(grouping: planning.result.deficitRisk, by: \.school.id)
        let rows = schools.map { school -> [String] in
            let censusRoll = rolls?.roll(school.id, origin, groups: school.yearGroups)
            let forecastRoll = SchoolPage.roll(school, year: last, planning: planning.result)
            let highest = (risks[school.id] ?? []).filter { $0.level == .high }.map(\.year)
            return [
                "<a href=\"/schools/\(Pages.escape(Pages.query(school.id)))\">\(Pages.escape(school.name))</a>",
                Pages.escape(school.id), "\(school.firstYearGroup.label)–\(school.lastYearGroup.label)",
                Layout.panSetter(school),
                Pages.whole(school.pan), Pages.whole(school.netCapacity), censusRoll.map(Pages.whole) ?? "–",
                Pages.whole(forecastRoll),
                highest.isEmpty
                    ? "no" : "high in " + Pages.escape(highest.sorted().map(\.description).joined(separator: ", ")),
            ]
        }
        return Layout.table(
            [
                "School", "ID", "Years", "PAN set by", "PAN", "Net capacity", "Roll \(origin)",
                "Roll \(last) (forecast)", "High deficit risk",
            ],
            rows, textColumns: [0, 1, 2, 3, 8], id: "schools")
    }

    /// The area's chart (the report's fan chart): census and forecast pupils with the 80% and 95% intervals, against
    /// capacity and the pupils that would leave the target spare.
    static func chart(_ area: PlanningArea, base: WebApp.Base, surplus: [SurplusRow]) -> String? {
        HTMLReport.fanChart(
            area, census: base.loaded.forecastInputs.pupils, rows: base.run.forecast.rows, surplus: surplus)?.svg
    }
}
