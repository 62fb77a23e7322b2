import Dispatch
import Foundation

/// One projected EHC plan count (an age band, or the Total when `band` is nil).
public struct SendRow: Equatable, Sendable {
    public let areaCode: String
    public let year: AcademicYear
    public let band: AgeBand?
    public let plans: Double
    public let interval80: ClosedRange<Double>?
}

/// Specialist place demand for a planning area or the LA, phase and year.
public struct SpecialistPlacesRow: Equatable, Sendable {
    public let areaCode: String
    /// nil for all phases together (the rows that carry special-school capacity).
    public let phase: SendPhase?
    public let year: AcademicYear
    public let plans: Double
    /// Plans × (resourced + special + independent shares).
    public let specialistPlaces: Double
    /// Plans × special share: places needed in maintained special schools.
    public let specialSchoolPlaces: Double
    /// Plans × resourced share.
    public let resourcedPlaces: Double
    /// Plans × independent share: placed independently or out of area under these assumptions.
    public let outOfAreaPlaces: Double
    /// Special-school places in the area (rows for all phases only).
    public let specialSchoolCapacity: Double?

    /// Capacity − places needed in special schools; negative = shortfall (rows with capacity only).
    public var specialSchoolSurplus: Double? { specialSchoolCapacity.map { $0 - specialSchoolPlaces } }
    public var outOfAreaShare: Double { specialistPlaces > 0 ? outOfAreaPlaces / specialistPlaces : 0 }
}

/// Plans by band, and specialist places by phase, apportioned to planning areas.
public enum SendPlanning {
    /// Splits LA totals into age bands by their shares in the origin year's count (bands absent then get none).
    public static func rows(
        totals: [String: [Double]], caseload: EHCPCaseload, origin: AcademicYear,
        intervals: SendIntervals?
    ) -> [SendRow] {
        var rows: [SendRow] = []
        for area in totals.keys.sorted() {
            let bands = caseload.bands[area]?[origin] ?? [:]
            let bandTotal = bands.values.reduce(0, +)
            for (step, total) in totals[area]!.enumerated() {
                let year = origin.advanced(by: step + 1)
                let interval = intervals?.interval(total, horizon: step + 1, at: .eighty)
                for band in AgeBand.allCases {
                    guard let count = bands[band], bandTotal > 0 else { continue }
                    let share = count / bandTotal
                    rows.append(
                        SendRow(
                            areaCode: area, year: year, band: band, plans: total * share,
                            interval80: interval.map { ($0.lowerBound * share)...($0.upperBound * share) }))
                }
                rows.append(SendRow(areaCode: area, year: year, band: nil, plans: total, interval80: interval))
            }
        }
        return rows
    }

    /// Specialist places for each LA and its planning areas. Each phase's demand is apportioned to the areas of
    /// that phase by their share of pupils (primary: R–6 of primary areas; secondary and post-16: 7–11 of
    /// secondary areas) in the same year; totals are kept.
    public static func specialistPlaces(
        _ rows: [SendRow], shares: [AgeBand: SettingShares], areas: [PlanningArea],
        pupils: (String, AcademicYear, YearGroup) -> Double,
        specialSchools: [School]
    ) -> [SpecialistPlacesRow] {
        var result: [SpecialistPlacesRow] = []
        let capacityByArea = Dictionary(grouping: specialSchools, by: \.areaCode).mapValues {
            $0.reduce(0) { $0 + $1.netCapacity }
        }
        let byAreaYear = Dictionary(grouping: rows.filter { $0.band != nil }) { "\($0.areaCode)|\($0.year.startYear)" }
        for key in byAreaYear.keys.sorted() {
            let bandRows = byAreaYear[key]!
            let la = bandRows[0].areaCode
            let year = bandRows[0].year
            var perPhase: [SendPhase: (plans: Double, resourced: Double, special: Double, independent: Double)] = [:]
            for row in bandRows {
                let band = row.band!
                let split = shares[band] ?? .standard
                let sum = perPhase[band.phase] ?? (0, 0, 0, 0)
                perPhase[band.phase] = (
                    sum.plans + row.plans, sum.resourced + row.plans * split.resourced,
                    sum.special + row.plans * split.special, sum.independent + row.plans * split.independent
                )
            }
            func make(
                _ code: String, _ phase: SendPhase?,
                _ v: (plans: Double, resourced: Double, special: Double, independent: Double),
                capacity: Double?
            ) -> SpecialistPlacesRow {
                SpecialistPlacesRow(
                    areaCode: code, phase: phase, year: year, plans: v.plans,
                    specialistPlaces: v.resourced + v.special + v.independent, specialSchoolPlaces: v.special,
                    resourcedPlaces: v.resourced, outOfAreaPlaces: v.independent, specialSchoolCapacity: capacity)
            }
            var allPhases = (plans: 0.0, resourced: 0.0, special: 0.0, independent: 0.0)
            var areaTotals: [String: (plans: Double, resourced: Double, special: Double, independent: Double)] = [:]
            for phase in SendPhase.allCases {
                guard let v = perPhase[phase] else { continue }
                result.append(make(la, phase, v, capacity: nil))
                allPhases = (
                    allPhases.plans + v.plans, allPhases.resourced + v.resourced, allPhases.special + v.special,
                    allPhases.independent + v.independent
                )
                let phaseAreas = areas.filter { $0.laCode == la && ($0.phase == .primary) == (phase == .primary) }
                let weights = phaseAreas.map { area in
                    phase.apportioningGroups.reduce(0) { $0 + pupils(area.code, year, $1) }
                }
                let weightSum = weights.reduce(0, +)
                guard weightSum > 0 else { continue }
                for (area, weight) in zip(phaseAreas, weights) {
                    let share = weight / weightSum
                    let part = (v.plans * share, v.resourced * share, v.special * share, v.independent * share)
                    result.append(make(area.code, phase, part, capacity: nil))
                    let sum = areaTotals[area.code] ?? (0, 0, 0, 0)
                    areaTotals[area.code] = (
                        sum.plans + part.0, sum.resourced + part.1, sum.special + part.2,
                        sum.independent + part.3
                    )
                }
            }
            let laAreas = Set(areas.filter { $0.laCode == la }.map(\.code))
            let laCapacity = specialSchools.filter { laAreas.contains($0.areaCode) || $0.areaCode == la }
                .reduce(0) { $0 + $1.netCapacity }
            result.append(make(la, nil, allPhases, capacity: laCapacity))
            for code in areaTotals.keys.sorted() {
                result.append(make(code, nil, areaTotals[code]!, capacity: capacityByArea[code] ?? 0))
            }
        }
        return result
    }
}
