import Foundation
import PlaceForecast
import Spreadsheet

/// The Excel workbook `placeplan.xlsx`: the run's results as sheets a place planning officer, the property team
/// and finance can read, sort and filter. Pupils are whole numbers that add up (``WholeNumbers``), academic years
/// are written `2022/23`, numbers are stored as numbers and there are no formulas (nothing breaks when sorted).
public enum WorkbookReport {
    /// What the workbook is made from: one forecast run.
    public struct Contents {
        public var forecast: Forecast
        /// The census the forecast starts from (its origin year is shown beside the forecast years).
        public var census: CohortTable
        public var planning: PlacePlanningResult?
        public var areas: [PlanningArea]
        public var sendRows: [SendRow]
        public var specialistPlaces: [SpecialistPlacesRow]
        /// The printed summary, line by line: the Summary sheet's words.
        public var summary: [String]
        /// (item, value) rows of the Inputs and method sheet: run id, model, origin, files and checksums.
        public var method: [(String, String)]
        /// Early years sufficiency by area, age and year (empty without early_years.csv).
        public var earlyYears: [EarlyYearsRow]
        /// The model's backtest over the history before the origin, summarised (the Accuracy sheet).
        public var accuracy: [AccuracySummary]

        public init(
            forecast: Forecast, census: CohortTable, planning: PlacePlanningResult?, areas: [PlanningArea],
            sendRows: [SendRow], specialistPlaces: [SpecialistPlacesRow], summary: [String],
            method: [(String, String)], earlyYears: [EarlyYearsRow] = [], accuracy: [AccuracySummary] = []
        ) {
            self.forecast = forecast
            self.census = census
            self.planning = planning
            self.areas = areas
            self.sendRows = sendRows
            self.specialistPlaces = specialistPlaces
            self.summary = summary
            self.method = method
            self.earlyYears = earlyYears
            self.accuracy = accuracy
        }
    }

    /// Fill colours of the surplus and risk statuses (light, so numbers stay readable on screen and in print).
    enum Fill {
        static let short: UInt32 = 0xF4CCCC
        static let belowTarget: UInt32 = 0xFCE5CD
        static let withinBand: UInt32 = 0xD9EAD3
        static let excess: UInt32 = 0xCFE2F3
    }

    /// The sheets, in order: Summary, Forecast, Forecast ranges, Surplus, Places needed, Build needs, Deficit risk,
    /// SEND, Early years, Accuracy, Inputs and method (those without data left out).
    public static func sheets(_ contents: Contents) -> [Sheet] {
        var sheets = [summarySheet(contents), forecastSheet(contents), rangesSheet(contents.forecast)]
        if let planning = contents.planning {
            sheets += [
                surplusSheet(planning.surplus, areas: contents.areas),
                placesNeededSheet(planning.placesNeeded, areas: contents.areas),
                buildNeedsSheet(planning.buildNeeds, areas: contents.areas),
                deficitRiskSheet(planning.deficitRisk),
            ]
        }
        if !contents.sendRows.isEmpty { sheets.append(sendSheet(contents.sendRows, contents.specialistPlaces)) }
        if !contents.earlyYears.isEmpty { sheets.append(earlyYearsSheet(contents.earlyYears, areas: contents.areas)) }
        if !contents.accuracy.isEmpty { sheets.append(accuracySheet(contents.accuracy)) }
        sheets.append(
            Sheet(
                name: "Inputs and method", columns: [Column("Item", width: 28), Column("Value", width: 90)],
                rows: contents.method.map { [.text($0.0), .text($0.1)] }))
        return sheets
    }

    /// The workbook's bytes.
    public static func workbook(_ contents: Contents) throws -> Data {
        try XLSXWriter.workbook(
            sheets(contents), title: "PlacePlanning forecast from the \(contents.forecast.origin) census")
    }

    private static func whole(_ value: Double) -> Cell { .number(value.rounded(), .whole) }
    /// "code name" of each planning area, looked up (England has 2,000 areas and a row per area and year).
    private struct AreaNames {
        private let names: [String: String]
        init(_ areas: [PlanningArea]) { names = Dictionary(areas.map { ($0.code, $0.name) }) { first, _ in first } }
        /// "code name", or the code alone for a code not among the areas.
        func label(_ code: String) -> String { names[code].map { "\(code) \($0)" } ?? code }
    }

    static func summarySheet(_ contents: Contents) -> Sheet {
        Sheet(
            name: "Summary", columns: [Column("Findings", width: 140)],
            rows: contents.summary.filter { !$0.isEmpty }.map { [.text($0)] },
            notes: [
                "PlacePlanning: forecast from the \(contents.forecast.origin) census, "
                    + "\(contents.forecast.years.lowerBound) to \(contents.forecast.years.upperBound)",
                PlanningRules.phaseDefinitions + " Pupils are whole numbers rounded so that year groups add up to "
                    + "their area's rounded total.",
            ])
    }

    /// SCAP-shaped: one row per planning area and year group, the census year then each forecast year across.
    static func forecastSheet(_ contents: Contents) -> Sheet {
        let forecast = contents.forecast
        let years = Array(forecast.years)
        var cells: [String: [YearGroup: Double]] = [:]
        var names: [String: String] = [:]
        for row in forecast.rows {
            cells["\(row.area.code)|\(row.year.startYear)", default: [:]][row.yearGroup] = row.pupils
            names[row.area.code] = row.area.name
        }
        var rows: [[Cell]] = []
        for history in contents.census.histories.sorted(by: { $0.area.code < $1.area.code })
        where names[history.area.code] != nil {
            let groups = YearGroup.all.filter { group in
                history.pupils(forecast.origin, group) != nil
                    || years.contains { cells["\(history.area.code)|\($0.startYear)"]?[group] != nil }
            }
            // Whole pupils per year, shared out so the year groups add up to the area's rounded total.
            var columns: [[Int]] = []
            for year in [forecast.origin] + years {
                let values = groups.map { group in
                    year == forecast.origin
                        ? history.pupils(year, group) ?? 0
                        : cells["\(history.area.code)|\(year.startYear)"]?[group] ?? 0
                }
                columns.append(WholeNumbers.keepingTotal(values))
            }
            for (index, group) in groups.enumerated() {
                rows.append(
                    [
                        .text(history.area.code), .text(history.area.name),
                        .text(group.index == 0 ? "R" : "Y\(group.index)"),
                    ]
                        + columns.map { .number(Double($0[index]), .whole) })
            }
            rows.append(
                [.text(history.area.code), .text(history.area.name), .text("Total")]
                    + columns.map { .number(Double($0.reduce(0, +)), .whole) })
        }
        return Sheet(
            name: "Forecast",
            columns: [Column("Area"), Column("Area name", width: 24), Column("Year group")]
                + ["\(forecast.origin) census"].map { Column($0, width: 14) }
                + years.map { Column($0.description, width: 10) },
            rows: rows, frozenColumns: 3,
            notes: [
                "Pupils by planning area and year group (SCAP layout), model \(forecast.modelName)",
                "Whole pupils: each year's year groups are rounded so they add up to the area's rounded total. "
                    + "Full precision and intervals are in forecast.csv and on the Forecast ranges sheet.",
            ])
    }

    /// One row per area, year group and forecast year with the 80% and 95% prediction intervals.
    static func rangesSheet(_ forecast: Forecast) -> Sheet {
        let rows: [[Cell]] = forecast.rows.map { row in
            [
                .text(row.area.code), .text(row.year.description), .text(row.yearGroup.label),
                whole(row.pupils),
                row.interval80.map { whole($0.lowerBound) } ?? .empty,
                row.interval80.map { whole($0.upperBound) } ?? .empty,
                row.interval95.map { whole($0.lowerBound) } ?? .empty,
                row.interval95.map { whole($0.upperBound) } ?? .empty,
                whole(row.housingPupils),
            ]
        }
        return Sheet(
            name: "Forecast ranges",
            columns: [
                Column("Area"), Column("Academic year", width: 14), Column("Year group"), Column("Pupils"),
                Column("80% low"), Column("80% high"), Column("95% low"), Column("95% high"),
                Column("From new housing", width: 16),
            ],
            rows: rows, frozenColumns: 1,
            notes: ["Forecast with 80% and 95% prediction intervals (from the model's own backtest), whole pupils"])
    }

    /// Surplus % of capacity: area × year, coloured by status; LA rows say how many areas are short.
    static func surplusSheet(_ surplus: [SurplusRow], areas: [PlanningArea]) -> Sheet {
        let years = Array(Set(surplus.map(\.year))).sorted()
        let target = surplus.first?.targetPercent ?? 5
        let band = surplus.first?.bandPercent ?? 10
        let laCodes = Set(areas.map(\.laCode))
        var rows: [[Cell]] = []
        let keys = Set(surplus.map { "\($0.phase.rawValue)|\($0.areaCode)" }).sorted { a, b in
            let (aLA, bLA) = (
                laCodes.contains(String(a.split(separator: "|")[1])),
                laCodes.contains(String(b.split(separator: "|")[1]))
            )
            return aLA != bLA ? !aLA : a < b
        }
        let names = AreaNames(areas)
        let rowsByKey = Dictionary(grouping: surplus) { "\($0.phase.rawValue)|\($0.areaCode)" }
        for key in keys {
            let parts = key.split(separator: "|").map(String.init)
            let byYear = Dictionary(
                (rowsByKey[key] ?? []).map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
            let isLA = laCodes.contains(parts[1])
            let label = isLA ? "LA total (\(parts[1]))" : names.label(parts[1])
            rows.append(
                [.text(label), .text(parts[0])]
                    + years.map { year in byYear[year]?.surplusPercent.map { .number($0, .percentPoints) } ?? .empty })
            if isLA {
                rows.append(
                    [.text("  areas short (places short, not offset)"), .text(parts[0])]
                        + years.map { year in
                            guard let row = byYear[year] else { return .empty }
                            return row.areasShort > 0
                                ? .text("\(row.areasShort) (\(Int(row.placesShort.rounded())))") : .text("0")
                        })
            }
        }
        let data = 2...(1 + years.count)
        return Sheet(
            name: "Surplus",
            columns: [Column("Planning area", width: 28), Column("Phase")] + years.map { Column($0.description) },
            rows: rows, frozenColumns: 1,
            highlights: [
                Highlight(columns: data, .below(0), fill: Fill.short),
                Highlight(columns: data, .between(0, target - 0.000_001), fill: Fill.belowTarget),
                Highlight(columns: data, .between(target, band), fill: Fill.withinBand),
                Highlight(columns: data, .above(band), fill: Fill.excess),
            ],
            notes: [
                "Surplus places as % of capacity (\(years.first?.description ?? "") is the census year)",
                "Red: short of places; amber: under the \(CSVWriter.number(target))% target; green: within "
                    + "\(CSVWriter.number(target))–\(CSVWriter.number(band))%; "
                    + "blue: above \(CSVWriter.number(band))% (excess). "
                    + "LA rows never offset one area's shortfall with another's spare places.",
            ])
    }

    static func placesNeededSheet(_ rows: [PlacesNeededRow], areas: [PlanningArea]) -> Sheet {
        let names = AreaNames(areas)
        return Sheet(
            name: "Places needed",
            columns: [
                Column("Area", width: 24), Column("Phase"), Column("Academic year", width: 14), Column("Year group"),
                Column("Pupils"), Column("Planned on"), Column("Capacity"), Column("Places needed", width: 14),
            ],
            rows: rows.filter { $0.placesNeeded > 0 }.map { row in
                [
                    .text(names.label(row.areaCode)), .text(row.phase.rawValue), .text(row.year.description),
                    .text(row.yearGroup?.label ?? "all"), whole(row.pupils), whole(row.plannedPupils),
                    whole(row.capacity), whole(row.placesNeeded),
                ]
            }, frozenColumns: 1,
            notes: [
                "Places needed where pupils exceed capacity (rows with a shortfall only; all rows in places_needed.csv)"
            ])
    }

    static func buildNeedsSheet(_ needs: [BuildNeed], areas: [PlanningArea]) -> Sheet {
        let names = AreaNames(areas)
        return Sheet(
            name: "Build needs",
            columns: [
                Column("Area", width: 24), Column("Phase"), Column("Kind"), Column("Year group"),
                Column("First short", width: 12), Column("Peak year", width: 12), Column("Peak shortfall", width: 14),
                Column("Forms of entry", width: 14), Column("Places to build", width: 14),
                Column("Surplus % after", width: 15), Column("Decide by", width: 12), Column("Decision", width: 12),
                Column("Cost: expansion", width: 16), Column("Cost: new school", width: 16),
                Column("Cost: temporary", width: 16),
            ],
            rows: needs.filter { $0.placesToBuild > 0 }.map { need in
                [
                    .text(names.label(need.areaCode)), .text(need.phase.rawValue), .text(need.kind.rawValue),
                    .text(need.yearGroup?.label ?? ""), .text(need.firstShortfallYear?.description ?? ""),
                    .text(need.peakYear?.description ?? ""), whole(need.peakShortfall),
                    .number(need.formsOfEntry, .oneDecimal), whole(need.placesToBuild),
                    need.surplusPercentAfterBuild.map { .number($0, .percentPoints) } ?? .empty,
                    .text(need.decisionYear?.description ?? ""), .text(need.decisionStatus?.rawValue ?? ""),
                    .number(need.costExpansion.rounded(), .pounds), .number(need.costNewSchool.rounded(), .pounds),
                    .number(need.costTemporary.rounded(), .pounds),
                ]
            }, frozenColumns: 1,
            highlights: [Highlight(columns: 11...11, .equals("overdue"), fill: Fill.short)],
            notes: [
                "Places to build: whole forms of entry (30 places per year group) bringing the peak back to the target "
                    + "surplus; bulge rows are one-off classes in an entry year"
            ])
    }

    /// School × year grid of the deficit-risk level, the latest year's reasons beside it.
    static func deficitRiskSheet(_ risks: [DeficitRisk]) -> Sheet {
        let years = Array(Set(risks.map(\.year))).sorted()
        let bySchool = Dictionary(grouping: risks, by: \.school.id)
        let rows: [[Cell]] = bySchool.keys.sorted().map { id in
            let schoolRisks = bySchool[id]!.sorted { $0.year < $1.year }
            let school = schoolRisks[0].school
            let levels = Dictionary(schoolRisks.map { ($0.year, $0.level.rawValue) }, uniquingKeysWith: { a, _ in a })
            let worst = schoolRisks.max { $0.level < $1.level }
            return [.text(school.id), .text(school.name), .text(school.areaCode), .text(school.phase.rawValue)]
                + years.map { levels[$0].map(Cell.text) ?? .empty }
                + [.text(worst.map { risk in risk.reasons.map(PlanningReport.text).joined(separator: "; ") } ?? "")]
        }
        let data = 4...(3 + years.count)
        return Sheet(
            name: "Deficit risk",
            columns: [Column("School", width: 10), Column("Name", width: 36), Column("Area"), Column("Phase")]
                + years.map { Column($0.description) } + [Column("Reasons (worst year)", width: 80)],
            rows: rows, frozenColumns: 2,
            highlights: [
                Highlight(columns: data, .equals("high"), fill: Fill.short),
                Highlight(columns: data, .equals("medium"), fill: Fill.belowTarget),
            ],
            notes: [
                "Deficit risk by school and year: pupil-led income (Reception to Year 11) falling with the roll, "
                    + "unfilled places, low intake per form of entry, over capacity (docs/methods.md)"
            ])
    }

    static func sendSheet(_ rows: [SendRow], _ places: [SpecialistPlacesRow]) -> Sheet {
        let years = Array(Set(rows.map(\.year))).sorted()
        let bands: [AgeBand?] = [nil] + AgeBand.allCases
        var cells: [[Cell]] = []
        for area in Set(rows.map(\.areaCode)).sorted() {
            for band in bands {
                let values = Dictionary(
                    rows.filter { $0.areaCode == area && $0.band == band }.map { ($0.year, $0.plans) },
                    uniquingKeysWith: { a, _ in a })
                guard !values.isEmpty else { continue }
                cells.append(
                    [.text(area), .text(band?.rawValue ?? "All ages")]
                        + years.map { values[$0].map(whole) ?? .empty })
            }
        }
        // Special-school places are LA-wide: the rows that carry the special schools' capacity.
        let laCodes = Set(rows.map(\.areaCode))
        let special = places.filter { $0.phase == nil && laCodes.contains($0.areaCode) }
        for area in Set(special.map(\.areaCode)).sorted() {
            let byYear = Dictionary(
                special.filter { $0.areaCode == area }.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
            cells.append(
                [.text(area), .text("Special school places needed")]
                    + years.map { byYear[$0].map { whole($0.specialSchoolPlaces) } ?? .empty })
            cells.append(
                [.text(area), .text("Special school places available")]
                    + years.map { byYear[$0]?.specialSchoolCapacity.map(whole) ?? .empty })
        }
        return Sheet(
            name: "SEND",
            columns: [Column("Area"), Column("Age band / places", width: 30)] + years.map { Column($0.description) },
            rows: cells, frozenColumns: 2,
            notes: [
                "EHC plans maintained by the LA (January count of the year after the academic year's start), "
                    + "and specialist places against special-school capacity"
            ])
    }

    /// Early years sufficiency: funded children against providers' places, per area, age band and year.
    static func earlyYearsSheet(_ rows: [EarlyYearsRow], areas: [PlanningArea]) -> Sheet {
        let target = rows.first?.targetPercent ?? 5
        let band = rows.first?.bandPercent ?? 10
        let names = AreaNames(areas)
        let cells: [[Cell]] = rows.map { row in
            [
                .text(row.isLATotal ? "LA total (\(row.areaCode))" : names.label(row.areaCode)),
                .text(row.age.rawValue), .text(row.year.description), whole(row.population),
                .number(100 * row.takeUp, .percentPoints), whole(row.fundedTrend), whole(row.receptionChildren),
                whole(row.entitlementChildren), whole(row.totalChildren), whole(row.demand), whole(row.places),
                whole(row.surplus), row.surplusPercent.map { .number($0, .percentPoints) } ?? .empty,
                .text(row.isLATotal && row.areasShort > 0 ? "\(row.areasShort) areas short" : row.status.rawValue),
            ]
        }
        return Sheet(
            name: "Early years",
            columns: [
                Column("Area", width: 28), Column("Age"), Column("Academic year", width: 14), Column("Population"),
                Column("Take-up %"), Column("Funded (trend)", width: 14), Column("In Reception", width: 13),
                Column("New entitlements", width: 16), Column("Children needing a place", width: 16),
                Column("Places needed (15-h)", width: 16), Column("Places (15-h)", width: 14), Column("Surplus"),
                Column("Surplus %"), Column("Status", width: 16),
            ],
            rows: cells, frozenColumns: 1,
            highlights: [
                Highlight(columns: 12...12, .below(0), fill: Fill.short),
                Highlight(columns: 12...12, .between(0, target - 0.000_001), fill: Fill.belowTarget),
                Highlight(columns: 12...12, .between(target, band), fill: Fill.withinBand),
                Highlight(columns: 12...12, .above(band), fill: Fill.excess),
            ],
            notes: [
                "Early years sufficiency: funded children (take-up × the population from births) against providers' "
                    + "places",
                "Places are 15-hour equivalents (a 30-hour child needs two); the 3–4 count leaves out children "
                    + "already in "
                    + "Reception; new entitlements are shown apart from the trend (docs/methods.md).",
            ])
    }

    /// The model's own backtest: median and mean absolute % error, bias and interval coverage by phase and horizon.
    static func accuracySheet(_ summaries: [AccuracySummary]) -> Sheet {
        let rows: [[Cell]] = summaries.map { summary in
            [
                .text(summary.granularity == .areaTotal ? "area total" : "year group"), .text(summary.phase.rawValue),
                .number(Double(summary.horizon), .plain), .number(Double(summary.errors.count), .whole),
                .number(summary.errors.medianAbsolute, .oneDecimal), .number(summary.errors.meanAbsolute, .oneDecimal),
                .number(summary.errors.bias, .oneDecimal),
            ]
        }
        return Sheet(
            name: "Accuracy",
            columns: [
                Column("Level", width: 12), Column("Phase"), Column("Years ahead", width: 12), Column("Forecasts"),
                Column("Median |error| %", width: 16), Column("Mean |error| %", width: 16), Column("Bias %"),
            ],
            rows: rows,
            notes: [
                "The model's own backtest: forecasts from every earlier origin with enough history, each using only "
                    + "the "
                    + "data known then, scored against the census (positive bias = over-forecast). The prediction "
                    + "intervals are calibrated on these errors; placeplan backtest compares methods."
            ])
    }
}
