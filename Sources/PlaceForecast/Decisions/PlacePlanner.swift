import Foundation

/// Sets the forecast against places: surplus, places needed, build needs and deficit risk.
public struct PlacePlanner: Sendable {
    public let areas: [PlanningArea]
    public let supply: SupplyPlan
    public let allocator: SchoolAllocator
    public let settings: PlanningSettings
    public let finance: FinanceSettings

    public init(
        areas: [PlanningArea], supply: SupplyPlan, allocator: SchoolAllocator,
        settings: PlanningSettings = PlanningSettings(), finance: FinanceSettings = FinanceSettings()
    ) {
        self.areas = areas.sorted { $0.code < $1.code }
        self.supply = supply
        self.allocator = allocator
        self.settings = settings
        self.finance = finance
    }

    /// Pupils by area, year and year group: the census in the origin year, the forecast after it.
    struct Pupils {
        var values: [String: [AcademicYear: [YearGroup: (pupils: Double, housing: Double, upper80: Double)]]] = [:]

        func get(
            _ area: String, _ year: AcademicYear, _ group: YearGroup
        ) -> (pupils: Double, housing: Double, upper80: Double) {
            values[area]?[year]?[group] ?? (0, 0, 0)
        }
    }

    func pupils(_ forecast: Forecast, census: CohortTable) -> Pupils {
        var table = Pupils()
        for area in areas {
            guard let history = census[area.code] else { continue }
            for group in area.yearGroups {
                if let value = history.pupils(forecast.origin, group) {
                    table.values[area.code, default: [:]][forecast.origin, default: [:]][group] = (value, 0, value)
                }
            }
        }
        for row in forecast.rows {
            table.values[row.area.code, default: [:]][row.year, default: [:]][row.yearGroup] =
                (row.pupils, row.housingPupils, row.interval80?.upperBound ?? row.pupils)
        }
        return table
    }

    public func plan(_ forecast: Forecast, census: CohortTable) -> PlacePlanningResult {
        let table = pupils(forecast, census: census)
        let years = Array(forecast.origin...forecast.origin.advanced(by: forecast.horizon))
        let needed = placesNeeded(table, years: Array(years.dropFirst()))
        return PlacePlanningResult(
            surplus: surplus(table, years: years), placesNeeded: needed,
            buildNeeds: buildNeeds(needed, origin: forecast.origin),
            deficitRisk: deficitRisk(table, years: years))
    }

    func surplus(_ table: Pupils, years: [AcademicYear]) -> [SurplusRow] {
        var rows: [SurplusRow] = []
        var laTotals: [String: [Phase: [AcademicYear: (Double, Double, Double)]]] = [:]
        for area in areas {
            for year in years {
                let capacity = supply.capacity(area: area.code, phase: area.phase, year)
                let pupils = area.yearGroups.reduce(0) { $0 + table.get(area.code, year, $1).pupils }
                let housing = area.yearGroups.reduce(0) { $0 + table.get(area.code, year, $1).housing }
                rows.append(
                    SurplusRow(
                        areaCode: area.code, phase: area.phase, year: year, capacity: capacity,
                        pupils: pupils, housingPupils: housing, isForecast: year != years[0],
                        targetPercent: settings.targetPercent, bandPercent: settings.bandPercent))
                let sum = laTotals[area.laCode, default: [:]][area.phase, default: [:]][year] ?? (0, 0, 0)
                laTotals[area.laCode, default: [:]][area.phase, default: [:]][year] =
                    (sum.0 + capacity, sum.1 + pupils, sum.2 + housing)
            }
        }
        for (la, byPhase) in laTotals.sorted(by: { $0.key < $1.key }) {
            for phase in Phase.allCases {
                for year in years {
                    guard let (capacity, pupils, housing) = byPhase[phase]?[year] else { continue }
                    rows.append(
                        SurplusRow(
                            areaCode: la, phase: phase, year: year, capacity: capacity, pupils: pupils,
                            housingPupils: housing, isForecast: year != years[0],
                            targetPercent: settings.targetPercent, bandPercent: settings.bandPercent))
                }
            }
        }
        return rows
    }

    func placesNeeded(_ table: Pupils, years: [AcademicYear]) -> [PlacesNeededRow] {
        var rows: [PlacesNeededRow] = []
        var laShortfall: [String: [Phase: [AcademicYear: (Double, Double, Double, Double)]]] = [:]
        for area in areas {
            for year in years {
                var totalPupils = 0.0
                var totalPlanned = 0.0
                for group in area.yearGroups {
                    let value = table.get(area.code, year, group)
                    let planned = settings.basis == .upper80 ? value.upper80 : value.pupils
                    let places = supply.places(area: area.code, group, year)
                    rows.append(
                        PlacesNeededRow(
                            areaCode: area.code, phase: area.phase, year: year, yearGroup: group,
                            pupils: value.pupils, plannedPupils: planned, capacity: places,
                            placesNeeded: planned - places))
                    totalPupils += value.pupils
                    totalPlanned += planned
                }
                let capacity = supply.capacity(area: area.code, phase: area.phase, year)
                let needed = totalPlanned - capacity
                rows.append(
                    PlacesNeededRow(
                        areaCode: area.code, phase: area.phase, year: year, yearGroup: nil,
                        pupils: totalPupils, plannedPupils: totalPlanned, capacity: capacity,
                        placesNeeded: needed))
                let sum = laShortfall[area.laCode, default: [:]][area.phase, default: [:]][year] ?? (0, 0, 0, 0)
                laShortfall[area.laCode, default: [:]][area.phase, default: [:]][year] =
                    (sum.0 + totalPupils, sum.1 + totalPlanned, sum.2 + capacity, sum.3 + max(0, needed))
            }
        }
        for (la, byPhase) in laShortfall.sorted(by: { $0.key < $1.key }) {
            for phase in Phase.allCases {
                for year in years {
                    guard let (pupils, planned, capacity, shortfall) = byPhase[phase]?[year] else { continue }
                    rows.append(
                        PlacesNeededRow(
                            areaCode: la, phase: phase, year: year, yearGroup: nil, pupils: pupils,
                            plannedPupils: planned, capacity: capacity, placesNeeded: shortfall))
                }
            }
        }
        return rows
    }

    func buildNeeds(_ needed: [PlacesNeededRow], origin: AcademicYear) -> [BuildNeed] {
        areas.map { area in
            let totals = needed.filter { $0.areaCode == area.code && $0.yearGroup == nil }.sorted { $0.year < $1.year }
            let short = totals.filter { $0.placesNeeded > 0 }
            let peak = short.max { $0.placesNeeded < $1.placesNeeded }
            let perFormOfEntry =
                PlanningRules.placesPerFormOfEntry * Double(PlanningRules.yearGroupsPerFormOfEntry(area.phase))
            let peakShortfall = peak?.placesNeeded ?? 0
            let step = settings.allowHalfFormsOfEntry ? 0.5 : 1.0
            let forms = peakShortfall > 0 ? (peakShortfall / perFormOfEntry / step).rounded(.up) * step : 0
            let places = forms * perFormOfEntry
            let costs = settings.costPerPlace[area.phase] ?? .zero
            let decision = short.first?.year.advanced(by: -settings.leadTimeYears)
            return BuildNeed(
                areaCode: area.code, phase: area.phase, firstShortfallYear: short.first?.year,
                peakYear: peak?.year, peakShortfall: peakShortfall, formsOfEntry: forms,
                placesToBuild: places, decisionYear: decision, isOverdue: decision.map { $0 <= origin } ?? false,
                costExpansion: places * costs.expansion, costNewSchool: places * costs.newSchool,
                costTemporary: places * costs.temporary)
        }
    }

    func deficitRisk(_ table: Pupils, years: [AcademicYear]) -> [DeficitRisk] {
        guard let origin = years.first else { return [] }
        // School rolls by year: every area's year groups shared out to its schools.
        var rolls: [String: [AcademicYear: (roll: Double, housing: Double, entry: Double)]] = [:]
        for area in areas {
            let allocation = allocator.allocateArea(area.code, groups: area.yearGroups, years: years) {
                table.get(area.code, $0, $1).pupils
            }
            for year in years {
                for group in area.yearGroups {
                    let value = table.get(area.code, year, group)
                    let shares = allocation.pupils(year, group)
                    for (school, pupils) in shares {
                        let sum = rolls[school]?[year] ?? (0, 0, 0)
                        let housing = value.pupils > 0 ? pupils * value.housing / value.pupils : 0
                        let isEntry = group == PlanningRules.entryYearGroup(governing: group)
                        rolls[school, default: [:]][year] = (
                            sum.roll + pupils, sum.housing + housing,
                            sum.entry + (isEntry ? pupils : 0)
                        )
                    }
                }
            }
        }
        var result: [DeficitRisk] = []
        for school in supply.schools where !school.phase.planningPhases.isEmpty {
            guard let byYear = rolls[school.id] else { continue }
            let phase = school.phase.planningPhases.first!
            let census =
                allocator.rolls?.roll(school.id, origin, groups: school.phase.yearGroups)
                ?? byYear[origin]?.roll ?? 0
            let rate = finance.ratePerPupil[phase] ?? 0
            for year in years.dropFirst() {
                guard let value = byYear[year], school.isOpen(in: year) else { continue }
                let capacity = school.phase.planningPhases.reduce(0) { $0 + supply.capacity(school, phase: $1, year) }
                let fundedYear = year.advanced(by: -finance.censusLagYears)
                let fundedRoll = fundedYear <= origin ? census : (byYear[fundedYear]?.roll ?? value.roll)
                let incomeChange = rate * (fundedRoll - census)
                let unfilled = capacity > 0 ? (capacity - value.roll) / capacity : 0
                let entry = PlanningRules.entryYearGroup(governing: school.phase.yearGroups[0])
                let pan = supply.pan(school, entry: entry, intakeYear: year)
                let intakePerForm = pan > 0 ? value.entry / (pan / PlanningRules.placesPerFormOfEntry) : nil
                var reasons: [(DeficitRisk.Level, DeficitRiskReason)] = []
                let unfilledPercent = 100 * unfilled
                let thresholds = finance.unfilledThresholds
                let levels: [(DeficitRisk.Level, Double)] =
                    [(.high, thresholds.high), (.medium, thresholds.medium), (.low, thresholds.low)]
                if let (level, threshold) = levels.first(where: { unfilledPercent >= $0.1 }) {
                    reasons.append((level, .unfilled(percent: unfilledPercent, threshold: threshold)))
                }
                if let intakePerForm, intakePerForm < finance.minimumIntakePerFormOfEntry {
                    reasons.append(
                        (
                            .medium,
                            .lowIntake(
                                perFormOfEntry: intakePerForm,
                                minimum: finance.minimumIntakePerFormOfEntry)
                        ))
                }
                let censusIncome = rate * census
                if censusIncome > 0, -incomeChange / censusIncome * 100 >= finance.incomeLossPercent {
                    let loss = -incomeChange / censusIncome * 100
                    reasons.append(
                        (
                            loss >= 2 * finance.incomeLossPercent ? .high : .medium,
                            .incomeLoss(
                                pounds: -incomeChange, percent: loss,
                                censusLagYears: finance.censusLagYears)
                        ))
                }
                result.append(
                    DeficitRisk(
                        school: school, year: year, roll: value.roll, housingPupils: value.housing, censusRoll: census,
                        capacity: capacity, incomeChange: incomeChange, unfilledShare: unfilled,
                        intakePerFormOfEntry: intakePerForm, level: reasons.map(\.0).max() ?? .none,
                        reasons: reasons.map(\.1)))
            }
        }
        return result
    }
}
