import Foundation
import Hummingbird
import PlaceForecast
import PlaceIO

/// "How was this number made?": the `explain` chain (``ExplainReport``) of one area, year and year group (and
/// school), with a form to ask for another; a clear message for a number the forecast does not have.
enum ExplainPage {
    /// Registers GET `/explain`.
    static func register(on router: Router<WebContext>, state: AppState) {
        router.get("/explain") { request, context in
            let base = await state.base
            let query = request.uri.queryParameters
            let area = query.get("area") ?? ""
            let year = query.get("year") ?? ""
            let group = query.get("group") ?? ""
            let school = query.get("school").flatMap { $0.isEmpty ? nil : $0 }
            let form = form(base, area: area, year: year, group: group, school: school ?? "")
            if area.isEmpty && year.isEmpty && group.isEmpty {
                return Pages.html(
                    Layout.page(
                        title: "How was this number made?", visitor: context.visitor,
                        body: "<p>Choose a planning area, year and year group: the page traces the forecast from "
                            + "the census through every ratio, the housing added and the places it is set "
                            + "against.</p>" + form))
            }
            let areas = Set(base.run.forecast.rows.map(\.area.code))
            var problems: [String] = []
            if !areas.contains(area) {
                problems.append(
                    "There is no forecast for area '\(area)': the areas are \(areas.sorted().joined(separator: ", ")).")
            }
            let parsedYear = AcademicYear(label: year)
            if parsedYear == nil {
                problems.append("'\(year)' is not an academic year: write 2025 or 2025/26.")
            }
            let parsedGroup = YearGroup(label: group)
            if parsedGroup == nil { problems.append("'\(group)' is not a year group: write R or 1 to 13.") }
            guard problems.isEmpty, let parsedYear, let parsedGroup else {
                return Pages.problem(
                    .badRequest, title: "Cannot explain that number", message: problems.joined(separator: "\n"),
                    visitor: context.visitor, more: form)
            }
            do throws(ExplainError) {
                let text = try ExplainReport.explain(
                    area: area, year: parsedYear, group: parsedGroup, forecast: base.run.forecast,
                    inputs: base.loaded.forecastInputs, planning: base.run.planning, school: school,
                    knownIntakesFile: base.loaded.knownIntakes?.file)
                let title = "\(parsedGroup) in \(area), \(parsedYear)" + (school.map { ", school \($0)" } ?? "")
                return Pages.html(
                    Layout.page(
                        title: "How was this number made? \(title)", visitor: context.visitor,
                        body: "<p><a href=\"/areas/\(Pages.escape(Pages.query(area)))\">Back to \(Pages.escape(area))"
                            + "</a>"
                            + (school.map {
                                " · <a href=\"/schools/\(Pages.escape(Pages.query($0)))\">the school</a>"
                            } ?? "") + "</p><pre class=\"explain-text\" id=\"explain\">\(Pages.escape(text))</pre>"
                            + form))
            } catch {
                return Pages.problem(
                    .notFound, title: "Cannot explain that number", message: error.description,
                    visitor: context.visitor, more: form)
            }
        }
    }

    /// The form asking for an area, year, year group and (optionally) school.
    static func form(_ base: WebApp.Base, area: String, year: String, group: String, school: String) -> String {
        let areas = Set(base.run.forecast.rows.map(\.area.code)).sorted()
        let options = areas.map {
            "<option\($0 == area ? " selected" : "")>\(Pages.escape($0))</option>"
        }.joined()
        let years = base.run.forecast.years.map {
            "<option value=\"\($0.startYear)\"\(String($0.startYear) == year ? " selected" : "")>\($0)</option>"
        }.joined()
        let groups = YearGroup.projected.map {
            "<option\($0.label == group ? " selected" : "")>\($0.label)</option>"
        }.joined()
        return "<form method=\"get\" action=\"/explain\" class=\"controls\"><label>Area <select name=\"area\">"
            + options + "</select></label><label>Year <select name=\"year\">" + years + "</select></label>"
            + "<label>Year group <select name=\"group\">" + groups + "</select></label>"
            + "<label>School id (optional) <input name=\"school\" value=\"\(Pages.escape(school))\" size=\"8\">"
            + "</label><button type=\"submit\">Explain</button></form>"
    }
}
