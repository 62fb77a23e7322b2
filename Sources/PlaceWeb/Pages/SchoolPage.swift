import Foundation
import Hummingbird
import PlaceForecast
import PlaceIO
import PlacePipeline

/// A school's page: its places (PAN in force each year, net capacity), its rolls at the census and its forecast
/// share of the area's pupils, and its deficit risk, each figure linked to its explanation.
enum SchoolPage {
    /// Registers GET `/schools/:id`.
    static func register(on router: Router<WebContext>, state: AppState) {
        router.get("/schools/:id") { _, context in
            let base = await state.base
            let id = context.parameters.get("id") ?? ""
            guard let planning = base.run.planning else {
                return Pages.problem(
                    .notFound, title: "No schools",
                    message: "This run has no schools: the inputs have no schools.csv and planning_areas.csv.",
                    visitor: context.visitor)
            }
            guard let school = planning.planner.supply.schools.first(where: { $0.id == id }) else {
                return Pages.problem(
                    .notFound, title: "No such school",
                    message: "There is no school with id '\(id)' in schools.csv. Find a school on its planning "
                        + "area's page.",
                    visitor: context.visitor, more: "<p><a href=\"/areas\">Planning areas</a></p>")
            }
            return Pages.html(
                Layout.page(
                    title: school.name, visitor: context.visitor,
                    body: page(school, base: base, planning: planning)))
        }
    }

    /// The school's whole forecast roll in `year`: its share of every area its places count in.
    static func roll(_ school: School, year: AcademicYear, planning: PlacePlanningResult) -> Double {
        Set([school.areaCode, school.secondaryAreaCode ?? school.areaCode]).reduce(0) {
            $0 + (planning.allocations[$1]?.roll(school.id, year) ?? 0)
        }
    }

    /// The page's body.
    static func page(
        _ school: School, base: WebApp.Base, planning: (planner: PlacePlanner, result: PlacePlanningResult)
    ) -> String {
        let forecast = base.run.forecast
        let plan = planning.planner.supply
        let years = Array(forecast.years)
        let areaLinks = [school.areaCode, school.secondaryAreaCode].compactMap { $0 }.map {
            "<a href=\"/areas/\(Pages.escape(Pages.query($0)))\">\(Pages.escape($0))</a>"
        }.joined(separator: " and ")
        var html =
            "<p class=\"meta\">School \(Pages.escape(school.id)), \(Pages.escape(school.phase.rawValue)), years "
            + "\(school.firstYearGroup.label)–\(school.lastYearGroup.label), planning area \(areaLinks). "
            + (school.admissionAuthority == .la
                ? "The LA sets its PAN." : "Its own admission authority sets its PAN (the LA can only ask).")
            + (school.opens.map { " Opens \($0)." } ?? "")
            + (school.closes.map { " Last year with pupils \($0)." } ?? "")
            + "</p>"
        html +=
            "<ul><li>Net capacity: <strong>\(Pages.whole(school.netCapacity))</strong> places</li>"
            + school.entryYearGroups.map {
                "<li>PAN (\(Pages.escape($0.description))): <strong>\(Pages.whole(school.basePAN(entry: $0)))"
                    + "</strong> in schools.csv</li>"
            }.joined() + "</ul>"

        html += "<h2>Admission number in force, by intake year</h2>"
        html += Layout.table(
            ["Entry year group"] + years.map(\.description),
            school.entryYearGroups.map { entry in
                [Pages.escape(entry.description)]
                    + years.map { year in
                        let pan = plan.pan(school, entry: entry, intakeYear: year)
                        let changed = pan != school.basePAN(entry: entry)
                        return (changed ? "<strong>" : "") + Pages.whole(pan) + (changed ? "</strong>" : "")
                    }
            }, id: "pans")

        html += "<h2>Roll and deficit risk</h2>"
        let rolls = base.loaded.supply?.rolls?.bySchool[school.id] ?? [:]
        let risks = Dictionary(
            planning.result.deficitRisk.filter { $0.school.id == school.id }.map { ($0.year, $0) }
        ) { first, _ in first }
        var rows: [[String]] = []
        for year in rolls.keys.sorted() where year <= forecast.origin {
            let roll = school.yearGroups.reduce(0) { $0 + (rolls[year]?[$1] ?? 0) }
            rows.append([
                "\(Pages.escape(year.description)) (census)", Pages.whole(roll), Pages.whole(school.netCapacity),
                school.netCapacity > 0 ? String(format: "%.0f%%", 100 * roll / school.netCapacity) : "–", "", "", "",
            ])
        }
        for year in years {
            let roll = roll(school, year: year, planning: planning.result)
            let risk = risks[year]
            rows.append([
                Pages.escape(year.description), Pages.whole(roll), Pages.whole(risk?.capacity ?? school.netCapacity),
                school.netCapacity > 0 ? String(format: "%.0f%%", 100 * roll / school.netCapacity) : "–",
                risk.map { "<span class=\"risk-\($0.level.rawValue)\">\(Pages.escape($0.level.rawValue))</span>" }
                    ?? "–",
                risk.map { Pages.escape(PlanningReport.pounds($0.incomeChange)) } ?? "–",
                risk.map { Pages.escape($0.reasons.map(PlanningReport.text).joined(separator: "; ")) } ?? "",
            ])
        }
        html += Layout.table(
            ["Year", "Roll", "Capacity", "Full", "Deficit risk", "Pupil-led income change", "Why"], rows,
            textColumns: [0, 4, 6], id: "rolls")
        if risks.isEmpty {
            html += "<p>This run has no deficit risk for the school (no finance settings or no rolls).</p>"
        } else {
            let lag = planning.planner.finance.censusLagYears
            html +=
                "<p>Pupil-led income change is against the year before, and funding follows the roll "
                + "\(lag == 1 ? "one year" : "\(lag) years") later (budgets use the previous October census): a year's "
                + "income moves with the roll of \(lag == 1 ? "the year" : "\(lag) years") before, not its own.</p>"
        }

        html += "<h2>Forecast pupils by year group (the school's share of its area)</h2>"
        var groupRows: [[String]] = []
        for group in school.yearGroups where group.index <= 13 {
            let area = school.areaCode(for: group.phase)
            let allocation = planning.result.allocations[area]
            groupRows.append(
                [Pages.escape(group.description), rolls[forecast.origin]?[group].map(Pages.whole) ?? "–"]
                    + years.map { year in
                        let share = allocation?.pupils(year, group)[school.id] ?? 0
                        return Pages.whole(share)
                            + Pages.explainLink(area: area, year: year.startYear, group: group.label, school: school.id)
                    })
        }
        html += Layout.table(
            ["Year group", "\(forecast.origin) (census)"] + years.map(\.description), groupRows, id: "shares")
        return html
    }
}
