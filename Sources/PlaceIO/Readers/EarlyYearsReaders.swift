import Foundation
import PlaceForecast
import Yams

/// Readers of the early-years inputs: funded take-up by LA, providers' places, and the settings file.
public enum EarlyYearsReaders {
    /// `early_years.csv`: `area_code,year,funded_2yo,pct_2yo,funded_3_4yo,pct_3_4yo` (year = January count year
    /// − 1, so January 2025 is 2024; blanks are suppressed values).
    public static func history(_ table: CSVTable) throws(InputError) -> EarlyYearsHistory {
        let columns = try table.columns(["area_code", "year", "funded_2yo", "pct_2yo", "funded_3_4yo", "pct_3_4yo"])
        var byLA: [String: [AcademicYear: EarlyYearsCount]] = [:]
        var duplicates = DuplicateGuard<String>()
        for record in table.records {
            let area = try record.text("area_code", in: table, at: columns)
            let year = try record.year("year", in: table, at: columns)
            try duplicates.check("\(area)|\(year)", record, in: table, "duplicate row for \(area), \(year)")
            func value(_ column: String) throws(InputError) -> Double? {
                guard !trimmed(record.fields[columns[column]!]).isEmpty else { return nil }
                return column.hasPrefix("pct_")
                    ? try record.percent(column, in: table, at: columns)
                    : try record.count(column, in: table, at: columns)
            }
            byLA[area, default: [:]][AcademicYear(year)] = EarlyYearsCount(
                funded2: try value("funded_2yo"), percent2: try value("pct_2yo"),
                funded34: try value("funded_3_4yo"), percent34: try value("pct_3_4yo"))
        }
        return EarlyYearsHistory(byLA)
    }

    /// `early_years_providers.csv`: `provider_id,provider_name,area_code,type,places_under_2,places_2yo,
    /// places_3_4yo,hours_per_week`; `type` is `school_nursery`, `maintained_nursery`, `pvi` or `childminder`;
    /// `area_code` a primary planning area of planning_areas.csv; places and hours zero or more.
    public static func providers(_ table: CSVTable, areas: [PlanningArea]) throws(InputError) -> [EarlyYearsProvider] {
        let columns = try table.columns([
            "provider_id", "provider_name", "area_code", "type", "places_under_2", "places_2yo", "places_3_4yo",
            "hours_per_week",
        ])
        let primary = Set(areas.filter { $0.phase == .primary }.map(\.code))
        var providers: [EarlyYearsProvider] = []
        var duplicates = DuplicateGuard<String>()
        for record in table.records {
            let id = try record.text("provider_id", in: table, at: columns)
            try duplicates.check(
                id, record, in: table, "provider \(id) is listed twice", column: "provider_id",
                columnNumber: columns["provider_id"]! + 1)
            let typeText = try record.text("type", in: table, at: columns)
            guard let type = ProviderType(rawValue: typeText) else {
                throw InputError(
                    file: table.file, line: record.line, column: "type", columnNumber: columns["type"]! + 1,
                    problem: "'\(typeText)' is not a provider type",
                    hint: "Use " + ProviderType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let area = try record.text("area_code", in: table, at: columns)
            guard primary.contains(area) else {
                let isSecondary = areas.contains { $0.code == area }
                throw InputError(
                    file: table.file, line: record.line, column: "area_code", columnNumber: columns["area_code"]! + 1,
                    problem: isSecondary
                        ? "'\(area)' is a secondary planning area, but providers are planned with the primary areas"
                        : "unknown primary planning area '\(area)'",
                    hint: "Use a primary area_code from planning_areas.csv")
            }
            providers.append(
                EarlyYearsProvider(
                    id: id, name: try record.text("provider_name", in: table, at: columns), areaCode: area, type: type,
                    placesUnder2: try record.count("places_under_2", in: table, at: columns),
                    places2: try record.count("places_2yo", in: table, at: columns),
                    places34: try record.count("places_3_4yo", in: table, at: columns),
                    hoursPerWeek: try record.count("hours_per_week", in: table, at: columns)))
        }
        return providers
    }

    /// `early_years.yaml` (optional; every key optional):
    ///
    /// ```yaml
    /// two_year_eligible_share: 0.3          # disadvantaged 2-year-olds' share (default: implied by the counts)
    /// entitlements:                         # replace the named default; unnamed defaults are kept
    ///   working_parents_2: { eligible_share: 0.45, take_up: { 2024: 0.6, 2025: 0.75 }, hours: { 2024: 15, 2025: 30 } }
    ///   working_parents_under_2: { eligible_share: 0.4, take_up: 0.6, hours: 30 }
    ///   thirty_hours_3_4: { eligible_share: 0.35, take_up: 0.9 }
    /// ```
    /// A `take_up` or `hours` is a number (every year) or a mapping of academic year to value (0 before the first,
    /// the last held after). An entitlement may be switched off with `eligible_share: 0`.
    public static func settings(
        _ document: YAMLDocument, base: EarlyYearsSettings = EarlyYearsSettings()
    )
        throws(InputError) -> EarlyYearsSettings
    {
        let reader = YAMLReader(file: document.file)
        let top = try reader.mapping(document.root, allowed: ["two_year_eligible_share", "entitlements"])
        var settings = base
        settings.twoYearEligibleShare = try reader.optional(top, "two_year_eligible_share") {
            n throws(InputError) in try share(reader, n)
        }
        if let node = top["entitlements"] {
            for (key, value) in try reader.pairs(node) {
                let name = try reader.string(key)
                guard let index = settings.entitlements.firstIndex(where: { $0.name == name }) else {
                    throw reader.error(
                        key, "unknown entitlement '\(name)'",
                        hint: "Use " + settings.entitlements.map(\.name).joined(separator: ", "))
                }
                let fields = try reader.mapping(value, allowed: ["eligible_share", "take_up", "hours"])
                var entitlement = settings.entitlements[index]
                entitlement.eligibleShare =
                    try reader.optional(fields, "eligible_share") { n throws(InputError) in try share(reader, n) }
                    ?? entitlement.eligibleShare
                entitlement.takeUp =
                    try reader.optional(fields, "take_up") { n throws(InputError) in
                        try schedule(reader, n, maximum: 1)
                    } ?? entitlement.takeUp
                entitlement.hours =
                    try reader.optional(fields, "hours") { n throws(InputError) in
                        try schedule(reader, n, maximum: 60)
                    } ?? entitlement.hours
                settings.entitlements[index] = entitlement
            }
        }
        return settings
    }

    private static func share(_ reader: YAMLReader, _ node: Node) throws(InputError) -> Double {
        let value = try reader.nonNegative(node)
        guard value <= 1 else { throw reader.error(node, "expected a share from 0 to 1, got \(value)") }
        return value
    }

    private static func schedule(
        _ reader: YAMLReader, _ node: Node, maximum: Double
    ) throws(InputError)
        -> YearSchedule
    {
        func bounded(_ node: Node) throws(InputError) -> Double {
            let value = try reader.nonNegative(node)
            guard value <= maximum else { throw reader.error(node, "expected at most \(Int(maximum)), got \(value)") }
            return value
        }
        if case .mapping = node {
            var values: [Int: Double] = [:]
            for (yearNode, valueNode) in try reader.pairs(node) {
                values[try reader.integer(yearNode, in: 1900...2200)] = try bounded(valueNode)
            }
            return YearSchedule(values)
        }
        return .constant(try bounded(node))
    }
}
