import Charts
import Foundation
import Mustache
import PlaceForecast

/// The one-file HTML report `report.html`: findings in plain words first, then charts (inline SVG, no network),
/// for a place planning officer, the property team and finance. It prints on A4.
public enum HTMLReport {
    /// What the report is made from: the same run the workbook shows.
    public typealias Contents = WorkbookReport.Contents

    /// Colours of the statuses (the workbook's fills, darker where lines are drawn).
    enum Colour {
        static let history = "#444444"
        static let forecast = "#1f5fa8"
        static let capacity = "#b03a2e"
        static let target = "#d98c1f"
        static let short = "#f4cccc"
        static let belowTarget = "#fce5cd"
        static let withinBand = "#d9ead3"
        static let excess = "#cfe2f3"
    }

    /// The report's HTML.
    public static func html(_ contents: Contents, births: BirthSeries) throws -> String {
        let template = try MustacheTemplate(string: ReportTemplates.page)
        return template.render(view(contents, births: births))
    }

    /// The values the template renders (also what the web app's pages render).
    static func view(_ contents: Contents, births: BirthSeries) -> [String: Any] {
        let forecast = contents.forecast
        var sections: [[String: Any]] = []
        if let planning = contents.planning {
            let shown = pressingAreas(planning.surplus, areas: contents.areas)
            let selection =
                shown.count < contents.areas.count
                ? [
                    "With \(contents.areas.count) planning areas, the \(shown.count) with the least spare capacity in "
                        + "any forecast year are drawn; every area is in surplus.csv, forecast.csv and the workbook."
                ] : []
            sections.append([
                "heading": "Surplus places by planning area",
                "text": [
                    "Surplus places as a percentage of capacity. Red: short of places; amber: under the target; "
                        + "green: within the band; blue: above the band (excess)."
                ] + selection,
                "figures": [["svg": surplusHeatMap(planning.surplus, areas: contents.areas, shown: shown).svg]],
            ])
            sections.append([
                "heading": "Pupils against capacity, by planning area",
                "text": [
                    "History (census) and forecast with 80% and 95% prediction intervals, against capacity and the "
                        + "number of pupils that would leave the target surplus. An area's interval is the sum of its "
                        + "year groups' intervals (errors move together within an area, so this errs wide)."
                ] + selection,
                "figures": fanCharts(contents, surplus: planning.surplus, shown: shown).map { ["svg": $0.svg] },
            ])
            sections.append([
                "heading": "Build needs", "table": buildNeedsTable(planning.buildNeeds, areas: contents.areas),
            ])
            sections.append([
                "heading": "Schools at deficit risk", "table": deficitRiskTable(planning.deficitRisk),
                "text": [
                    "High: pupil-led income (Reception to Year 11) falls by more than the threshold, or the school "
                        + "is well below its capacity with a low intake; see docs/methods.md. Medium and low are in "
                        + "the "
                        + "workbook."
                ],
            ])
        }
        sections.append([
            "heading": "Reception intake and births",
            "figures": receptionCharts(contents, births: births).map { ["svg": $0.svg] },
        ])
        if contents.earlyYears.contains(where: { $0.places > 0 }) {
            sections.append([
                "heading": "Early years sufficiency",
                "text": [
                    "Funded places needed (15-hour equivalents) against providers' places, by planning area; the LA "
                        + "row never offsets one area's shortfall with another's spare places."
                ],
                "figures": EarlyYearsAge.allCases.map { ["svg": earlyYearsHeatMap(contents, age: $0).svg] },
            ])
        }
        if let chart = accuracyChart(contents.accuracy) {
            sections.append([
                "heading": "How accurate the method has been",
                "text": [
                    "The model's own backtest on this area's history: forecasts from earlier census years, each using "
                        + "only the data known then, against what happened. The prediction intervals are calibrated on "
                        + "these errors."
                ],
                "figures": [["svg": chart.svg]],
            ])
        }
        if !contents.sendRows.isEmpty {
            sections.append([
                "heading": "EHC plans by age band", "figures": [["svg": sendChart(contents.sendRows).svg]],
            ])
        }
        return [
            "title": "School places: forecast from the \(forecast.origin) census",
            "subtitle": "Forecast \(forecast.years.lowerBound) to \(forecast.years.upperBound), model "
                + "\(forecast.modelName). Made by PlacePlanning.",
            "findings": findings(contents),
            "definitions": PlanningRules.phaseDefinitions
                + " Academic years are written 2022/23; its census is in January 2023. Pupils are whole numbers.",
            "style": ReportTemplates.style,
            "sections": sections,
            "footer": "Sources: DfE school census and SEN2, ONS births (Open Government Licence v3.0). Planning areas, "
                + "capacities and housing in the default inputs are illustrative.",
        ]
    }

    /// The headline findings in plain words.
    static func findings(_ contents: Contents) -> [String] {
        var lines: [String] = []
        let forecast = contents.forecast
        let last = forecast.years.upperBound
        if let planning = contents.planning {
            let laCodes = Set(contents.areas.map(\.laCode))
            for phase in [Phase.primary, .secondary] where laCodes.count > 1 {
                // Many LAs (a national run): their places and pupils together, and how many LAs have areas short.
                let byYear = Dictionary(
                    grouping: planning.surplus.filter { laCodes.contains($0.areaCode) && $0.phase == phase },
                    by: \.year)
                let years = byYear.keys.sorted()
                func surplusPercent(_ year: AcademicYear) -> Double? {
                    let capacity = byYear[year]!.map(\.capacity).reduce(0, +)
                    return capacity > 0 ? 100 * (capacity - byYear[year]!.map(\.pupils).reduce(0, +)) / capacity : nil
                }
                guard let first = years.first, let end = years.last, let from = surplusPercent(first),
                    let to = surplusPercent(end)
                else { continue }
                let short = byYear[end]!.filter { $0.areasShort > 0 }.count
                lines.append(
                    "\(phase.rawValue.capitalized) surplus across the \(laCodes.count) LAs "
                        + "\(to > from ? "rises" : "falls") from \(percent(from)) in \(first) to \(percent(to)) by "
                        + "\(end); in \(end) \(short) of them have planning areas short of places.")
            }
            for phase in [Phase.primary, .secondary] where laCodes.count == 1 {
                let rows = planning.surplus.filter { laCodes.contains($0.areaCode) && $0.phase == phase }
                    .sorted { $0.year < $1.year }
                guard let first = rows.first, let end = rows.last, let from = first.surplusPercent,
                    let to = end.surplusPercent
                else { continue }
                let direction = to > from ? "rises" : "falls"
                var line =
                    "\(phase.rawValue.capitalized) surplus \(direction) from \(percent(from)) in \(first.year) to "
                    + "\(percent(to)) by \(end.year) (target \(percent(end.targetPercent)))."
                if let worst = rows.max(by: { $0.placesShort < $1.placesShort }), worst.areasShort > 0 {
                    let areas = PlanningReport.shortAreas(
                        planning.surplus, phase: phase, year: worst.year, laCodes: laCodes)
                    line +=
                        " The LA total hides \(areas) short by \(SVG.grouped(worst.placesShort)) places in "
                        + "\(worst.year)."
                }
                lines.append(line)
            }
            let builds = planning.buildNeeds.filter { $0.placesToBuild > 0 && $0.kind == .permanent }
            let listed = PlanningReport.listedItems
            // Beyond a screenful, the largest (the rest are in the build needs table).
            let shownBuilds =
                builds.count > listed
                ? Array(builds.sorted { $0.placesToBuild > $1.placesToBuild }.prefix(listed)) : builds
            for need in shownBuilds {
                let area =
                    contents.areas.first { $0.code == need.areaCode }.map { "\($0.code) \($0.name)" }
                    ?? need.areaCode
                let start =
                    need.firstShortfallYear.map { "is short of places from \($0)" }
                    ?? need.firstNeedYear.map { "is never short but falls below the target surplus from \($0)" }
                    ?? "needs places"
                var line =
                    "\(area) \(start) and needs "
                    + "\(CSVWriter.number(need.formsOfEntry, decimals: 1)) FE (\(Int(need.placesToBuild)) places) "
                    + "from \((need.firstNeedYear ?? need.peakYear)?.description ?? "?") "
                    + "(peak \(need.peakYear?.description ?? "?"))"
                if let after = need.surplusPercentAfterBuild {
                    line += ", leaving \(percent(after)) spare at the peak"
                }
                switch need.decisionStatus {
                case .overdue: line += "; the decision is overdue."
                case .dueNow: line += "; the decision is due now."
                default: line += "; decide by \(need.decisionYear?.description ?? "?")."
                }
                lines.append(line)
            }
            if builds.count > listed {
                lines.append(
                    "These are the \(listed) largest of \(builds.count) build needs; the table of build needs lists "
                        + "them all.")
            }
            let high = planning.deficitRisk.filter { $0.level == .high }
            let years = Set(high.map(\.year)).sorted()
            let highCounts = Dictionary(grouping: high, by: \.year).mapValues(\.count)
            if let peak = years.max(by: { highCounts[$0]! < highCounts[$1]! }) {
                let schools = high.filter { $0.year == peak }.map(\.school.name).sorted()
                lines.append(
                    "\(schools.count) of \(Set(planning.deficitRisk.map(\.school.id)).count) schools are at high "
                        + "deficit risk in \(peak), the most in any year: \(schools.prefix(6).joined(separator: ", "))"
                        + (schools.count > 6 ? " and \(schools.count - 6) more." : "."))
            } else {
                lines.append("No school is at high deficit risk in the forecast years.")
            }
        }
        let totals = contents.sendRows.filter { $0.band == nil }.sorted { $0.year < $1.year }
        if let first = totals.first, let end = totals.last(where: { $0.year <= last }) {
            var line =
                "EHC plans are projected at \(SVG.grouped(first.plans)) in \(first.year) and "
                + "\(SVG.grouped(end.plans)) by \(end.year)."
            // Special schools serve the whole LA: its row (the area code of the EHC plan totals).
            let special = contents.specialistPlaces.filter { $0.phase == nil && $0.areaCode == first.areaCode }
                .sorted { $0.year < $1.year }
            if let firstShort = special.first(where: { ($0.specialSchoolSurplus ?? 0) < 0 }), let end = special.last,
                let surplus = end.specialSchoolSurplus
            {
                line +=
                    " Special-school places run short from \(firstShort.year): "
                    + "\(SVG.grouped(end.specialSchoolPlaces)) needed in \(end.year) against "
                    + "\(SVG.grouped(end.specialSchoolCapacity ?? 0)) (\(surplus < 0 ? "short by" : "spare") "
                    + "\(SVG.grouped(abs(surplus))))."
            }
            lines.append(line)
        }
        return lines
    }

    static func percent(_ value: Double) -> String { CSVWriter.number(value, decimals: 1) + "%" }

    /// How many planning areas the report draws (heat map rows, fan charts) before it picks the most pressing.
    static let drawnAreas = 60

    /// The planning areas the report draws: all of them up to ``drawnAreas``; beyond, the ``drawnAreas`` with the
    /// lowest surplus % in any forecast year (no capacity counts as lowest), ties by code.
    static func pressingAreas(_ surplus: [SurplusRow], areas: [PlanningArea]) -> Set<String> {
        let codes = Set(areas.map(\.code))
        guard codes.count > drawnAreas else { return codes }
        var lowest: [String: Double] = [:]
        for row in surplus where row.isForecast && codes.contains(row.areaCode) {
            lowest[row.areaCode] = min(lowest[row.areaCode] ?? .infinity, row.surplusPercent ?? -.infinity)
        }
        return Set(
            lowest.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.prefix(drawnAreas).map(\.key))
    }

    static func surplusHeatMap(_ surplus: [SurplusRow], areas: [PlanningArea], shown: Set<String>) -> HeatMap {
        let years = Array(Set(surplus.map(\.year))).sorted()
        let target = surplus.first?.targetPercent ?? 5
        let band = surplus.first?.bandPercent ?? 10
        let laCodes = Set(areas.map(\.laCode))
        // The LA rows: every LA of a run of one; in a run of many, the LAs of the areas drawn.
        let drawnLAs = laCodes.count == 1 ? laCodes : Set(areas.filter { shown.contains($0.code) }.map(\.laCode))
        let drawn = surplus.filter { shown.contains($0.areaCode) || drawnLAs.contains($0.areaCode) }
        let keys = Set(drawn.map { "\($0.areaCode)|\($0.phase.rawValue)" }).sorted { a, b in
            let (aLA, bLA) = (
                laCodes.contains(String(a.prefix { $0 != "|" })), laCodes.contains(String(b.prefix { $0 != "|" }))
            )
            return aLA != bLA ? !aLA : a < b
        }
        let names = Dictionary(areas.map { ($0.code, $0.name) }) { first, _ in first }
        let labels = keys.map { key -> String in
            let parts = key.split(separator: "|").map(String.init)
            if laCodes.contains(parts[0]) {
                return laCodes.count == 1 ? "LA \(parts[1])" : "LA \(parts[0]) \(parts[1])"
            }
            return names[parts[0]].map { "\(parts[0]) \($0)" } ?? parts[0]
        }
        // The first row of each area, phase and year (England has 2,000 areas: no scan per cell).
        var firstRows: [String: [AcademicYear: SurplusRow]] = [:]
        for row in surplus where firstRows["\(row.areaCode)|\(row.phase.rawValue)"]?[row.year] == nil {
            firstRows["\(row.areaCode)|\(row.phase.rawValue)", default: [:]][row.year] = row
        }
        let values = keys.map { key in years.map { year in firstRows[key]?[year]?.surplusPercent } }
        return HeatMap(
            title: "Surplus % of capacity (\(years.first?.description ?? "") = census)", rowLabels: labels,
            columnLabels: years.map(\.description), values: values,
            colour: { value in
                value < 0
                    ? Colour.short
                    : value < target ? Colour.belowTarget : value <= band ? Colour.withinBand : Colour.excess
            },
            format: { String(format: "%.1f", $0) },
            legend: [
                ("short", Colour.short), ("under \(CSVWriter.number(target))%", Colour.belowTarget),
                ("\(CSVWriter.number(target))–\(CSVWriter.number(band))%", Colour.withinBand),
                ("above \(CSVWriter.number(band))%", Colour.excess),
            ])
    }

    /// One fan chart per planning area: the phase's pupils, history and forecast, with capacity and the target.
    static func fanCharts(_ contents: Contents, surplus: [SurplusRow], shown: Set<String>) -> [LineChart] {
        // Rows and surplus by area, found once (England has 2,000 areas).
        let rowsByArea = Dictionary(grouping: contents.forecast.rows, by: \.area.code)
        let surplusByArea = Dictionary(grouping: surplus, by: \.areaCode)
        return contents.areas.filter { shown.contains($0.code) }.sorted { $0.code < $1.code }.compactMap { area in
            fanChart(
                area, census: contents.census, rows: rowsByArea[area.code] ?? [],
                surplus: surplusByArea[area.code] ?? [])
        }
    }

    /// The fan chart of one planning area (the report's, and the web app's area page): the phase's census and
    /// forecast pupils with their 80% and 95% intervals, against capacity and the pupils that leave the target
    /// spare. `rows` and `surplus` may hold other areas' and phases' rows; nil without the area's census.
    public static func fanChart(
        _ area: PlanningArea, census: CohortTable, rows: [ForecastRow], surplus: [SurplusRow]
    ) -> LineChart? {
        let groups = YearGroup.all.filter {
            area.phase == .primary ? $0.index <= 6 : ($0.index >= 7 && $0.index <= 13)
        }
        guard let history = census[area.code] else { return nil }
        let past = history.years.map { year in
            (x: Double(year.startYear), y: groups.compactMap { history.pupils(year, $0) }.reduce(0, +))
        }
        let byYear = Dictionary(
            grouping: rows.filter { $0.area.code == area.code && groups.contains($0.yearGroup) }, by: \.year)
        let years = byYear.keys.sorted()
        let origin = past.last.map { [$0] } ?? []
        let central = origin + years.map { (x: Double($0.startYear), y: byYear[$0]!.map(\.pupils).reduce(0, +)) }
        func band(_ pick: (ForecastRow) -> ClosedRange<Double>?) -> [(x: Double, low: Double, high: Double)] {
            origin.map { (x: $0.x, low: $0.y, high: $0.y) }
                + years.compactMap { year in
                    let ranges = byYear[year]!.compactMap(pick)
                    guard ranges.count == byYear[year]!.count else { return nil }
                    return (
                        x: Double(year.startYear), low: ranges.map(\.lowerBound).reduce(0, +),
                        high: ranges.map(\.upperBound).reduce(0, +)
                    )
                }
        }
        let capacityRows = surplus.filter { $0.areaCode == area.code && $0.phase == area.phase }.sorted {
            $0.year < $1.year
        }
        let capacity = capacityRows.map { (x: Double($0.year.startYear), y: $0.capacity) }
        let target = capacityRows.map {
            (x: Double($0.year.startYear), y: $0.capacity * (1 - $0.targetPercent / 100))
        }
        var chart = LineChart(
            title: "\(area.code) \(area.name): \(area.phase.rawValue) pupils",
            yLabel: "pupils",
            series: [
                Series(label: "census", points: past, colour: Colour.history),
                Series(label: "forecast", points: central, colour: Colour.forecast),
                Series(label: "capacity", points: capacity, colour: Colour.capacity),
                Series(
                    label: "target (\(CSVWriter.number(capacityRows.first?.targetPercent ?? 5))% spare)",
                    points: target, colour: Colour.target, dashed: true),
            ],
            bands: [
                Band(label: "95%", points: band(\.interval95), colour: Colour.forecast, opacity: 0.15),
                Band(label: "80%", points: band(\.interval80), colour: Colour.forecast, opacity: 0.3),
            ],
            xLabel: { AcademicYear(Int($0)).description })
        chart.width = 640
        return chart
    }

    /// Reception pupils against births four years earlier (mid-year), for each primary area.
    static func receptionCharts(_ contents: Contents, births: BirthSeries) -> [LineChart] {
        let areas = Set(contents.forecast.rows.filter { $0.yearGroup == .reception }.map(\.area.code))
        return areas.sorted().prefix(12).compactMap { code in
            guard let history = contents.census.histories.first(where: { $0.area.code == code }) else { return nil }
            let census = history.years.compactMap { year in
                history.pupils(year, .reception).map { (x: Double(year.startYear), y: $0) }
            }
            let forecast = contents.forecast.rows.filter { $0.area.code == code && $0.yearGroup == .reception }
                .map { (x: Double($0.year.startYear), y: $0.pupils) }
            let years = census.map(\.x) + forecast.map(\.x)
            let birthPoints = years.compactMap { x in births.births(code, Int(x) - 4).map { (x: x, y: $0) } }
            var chart = LineChart(
                title: "\(code): Reception pupils and the births that feed them", yLabel: "children",
                series: [
                    Series(label: "Reception (census)", points: census, colour: Colour.history),
                    Series(
                        label: "Reception (forecast)", points: (census.suffix(1) + forecast), colour: Colour.forecast),
                    Series(label: "births 4 years earlier", points: birthPoints, colour: Colour.target, dashed: true),
                ],
                xLabel: { AcademicYear(Int($0)).description })
            chart.yFromZero = false
            return chart
        }
    }

    static func sendChart(_ rows: [SendRow]) -> LineChart {
        let colours = ["#1f5fa8", "#b03a2e", "#2e7d32", "#d98c1f", "#6a3d9a"]
        let series = AgeBand.allCases.enumerated().map { index, band in
            Series(
                label: band.rawValue,
                points: rows.filter { $0.band == band }.sorted { $0.year < $1.year }.map {
                    (x: Double($0.year.startYear), y: $0.plans)
                },
                colour: colours[index % colours.count])
        }.filter { !$0.points.isEmpty }
        var chart = LineChart(
            title: "EHC plans by age band (January count)", yLabel: "plans", series: series,
            xLabel: { AcademicYear(Int($0)).description })
        chart.yFromZero = true
        return chart
    }

    static func table(_ header: [String], _ rows: [[String]], textColumns: Set<Int> = [0]) -> String {
        var html = "<table><thead><tr>"
        for (index, title) in header.enumerated() {
            html += "<th\(textColumns.contains(index) ? " class=\"text\"" : "")>\(SVG.escape(title))</th>"
        }
        html += "</tr></thead><tbody>"
        for row in rows {
            html +=
                "<tr>"
                + row.enumerated().map { index, cell in
                    "<td\(textColumns.contains(index) ? " class=\"text\"" : "")>\(SVG.escape(cell))</td>"
                }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    /// The build needs with places to build, one row each (the report's table, and the web app's area page).
    public static func buildNeedsTable(_ needs: [BuildNeed], areas: [PlanningArea]) -> String {
        let rows = needs.filter { $0.placesToBuild > 0 }.map { need in
            [
                areas.first { $0.code == need.areaCode }.map { "\($0.code) \($0.name)" } ?? need.areaCode,
                need.kind == .bulge ? "bulge, Y\(need.yearGroup?.label ?? "")" : "permanent",
                need.firstShortfallYear?.description ?? "", need.peakYear?.description ?? "",
                CSVWriter.number(need.formsOfEntry, decimals: 1), String(Int(need.placesToBuild)),
                need.surplusPercentAfterBuild.map(percent) ?? "",
                "\(need.decisionYear?.description ?? "") \(need.decisionStatus?.rawValue ?? "")",
                PlanningReport.pounds(need.costExpansion),
            ]
        }
        guard !rows.isEmpty else { return "<p>No planning area needs more places in the forecast years.</p>" }
        return table(
            ["Area", "Kind", "First short", "Peak", "FE", "Places", "Surplus after", "Decision", "Cost (expansion)"],
            rows, textColumns: [0, 1, 7])
    }

    static func deficitRiskTable(_ risks: [DeficitRisk]) -> String {
        let high = risks.filter { $0.level == .high }
        guard !high.isEmpty else { return "<p>No school is at high deficit risk.</p>" }
        let bySchool = Dictionary(grouping: high, by: \.school.id)
        // Beyond a few hundred, the schools at high risk in the most years (the rest are in deficit_risk.csv).
        let listed = 200
        // Beyond the cap: most years at high risk, then the largest fall in pupil-led income over those years.
        let loss = bySchool.mapValues { $0.map(\.incomeChange).reduce(0, +) }
        let ranked = bySchool.keys.sorted {
            (bySchool[$1]!.count, loss[$0]!, $0) < (bySchool[$0]!.count, loss[$1]!, $1)
        }
        let ids = bySchool.count > listed ? Array(ranked.prefix(listed)) : bySchool.keys.sorted()
        let note =
            bySchool.count > listed
            ? "<p>The \(listed) schools at high risk in the most years (then with the largest fall in income), of "
                + "\(bySchool.count); all are in deficit_risk.csv and the workbook.</p>" : ""
        let rows = ids.map { id -> [String] in
            let years = bySchool[id]!.sorted { $0.year < $1.year }
            let first = years[0]
            return [
                first.school.name, first.school.areaCode, years.map(\.year.description).joined(separator: ", "),
                first.reasons.map(PlanningReport.text).joined(separator: "; "),
            ]
        }
        return note + table(["School", "Area", "High risk in", "Why (first year)"], rows, textColumns: [0, 1, 2, 3])
    }

    static func earlyYearsHeatMap(_ contents: Contents, age: EarlyYearsAge) -> HeatMap {
        let rows = contents.earlyYears.filter { $0.age == age }
        let years = Array(Set(rows.map(\.year))).sorted()
        let codes =
            Set(rows.filter { !$0.isLATotal }.map(\.areaCode)).sorted()
            + Set(rows.filter(\.isLATotal).map(\.areaCode)).sorted()
        let target = rows.first?.targetPercent ?? 5
        let band = rows.first?.bandPercent ?? 10
        return HeatMap(
            title: "Early years, age \(age.rawValue): surplus % of places (births after the last known year held)",
            rowLabels: codes.map { code in
                rows.first { $0.areaCode == code }?.isLATotal == true
                    ? "LA" : contents.areas.first { $0.code == code }.map { "\($0.code) \($0.name)" } ?? code
            },
            columnLabels: years.map(\.description),
            values: codes.map { code in
                years.map { year in rows.first { $0.areaCode == code && $0.year == year }?.surplusPercent }
            },
            colour: { value in
                value < 0
                    ? Colour.short
                    : value < target ? Colour.belowTarget : value <= band ? Colour.withinBand : Colour.excess
            },
            format: { String(format: "%.1f", $0) },
            legend: [
                ("short", Colour.short), ("under target", Colour.belowTarget), ("within band", Colour.withinBand),
                ("above the band", Colour.excess),
            ])
    }

    /// Median absolute % error of planning-area phase totals by years ahead, primary and secondary.
    static func accuracyChart(_ summaries: [AccuracySummary]) -> LineChart? {
        let phases = [(Phase.primary, Colour.forecast), (.secondary, Colour.capacity), (.sixthForm, Colour.target)]
        let series = phases.compactMap { phase, colour in
            let points = summaries.filter { $0.granularity == .areaTotal && $0.phase == phase }
                .sorted { $0.horizon < $1.horizon }.map { (x: Double($0.horizon), y: $0.errors.medianAbsolute) }
            return points.isEmpty ? nil : Series(label: phase.rawValue, points: points, colour: colour)
        }
        guard !series.isEmpty else { return nil }
        var chart = LineChart(
            title: "Median absolute error of planning-area totals by years ahead", yLabel: "% of pupils",
            series: series, xLabel: { "\(Int($0)) yr" })
        chart.yFromZero = true
        return chart
    }
}
