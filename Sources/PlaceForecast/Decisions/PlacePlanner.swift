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
        let allocations = allocate(table, years: years)
        return PlacePlanningResult(
            surplus: surplus(table, years: years), placesNeeded: needed,
            buildNeeds: buildNeeds(needed, origin: forecast.origin),
            deficitRisk: deficitRisk(table, years: years, allocations: allocations),
            allocations: allocations)
    }

    func surplus(_ table: Pupils, years: [AcademicYear]) -> [SurplusRow] {
        var rows: [SurplusRow] = []
        var laTotals: [String: [Phase: [AcademicYear: (Double, Double, Double, Int, Double)]]] = [:]
        for area in areas {
            for year in years {
                let capacity = supply.capacity(area: area.code, phase: area.phase, year)
                let pupils = area.yearGroups.reduce(0) { $0 + table.get(area.code, year, $1).pupils }
                let housing = area.yearGroups.reduce(0) { $0 + table.get(area.code, year, $1).housing }
                let short = max(0, pupils - capacity)
                let isShort = pupils > capacity
                rows.append(
                    SurplusRow(
                        areaCode: area.code, phase: area.phase, year: year, capacity: capacity,
                        pupils: pupils, housingPupils: housing, isForecast: year != years[0],
                        targetPercent: settings.targetPercent, bandPercent: settings.bandPercent,
                        areasShort: isShort ? 1 : 0, placesShort: short))
                let sum = laTotals[area.laCode, default: [:]][area.phase, default: [:]][year] ?? (0, 0, 0, 0, 0)
                laTotals[area.laCode, default: [:]][area.phase, default: [:]][year] =
                    (sum.0 + capacity, sum.1 + pupils, sum.2 + housing, sum.3 + (isShort ? 1 : 0), sum.4 + short)
            }
        }
        for (la, byPhase) in laTotals.sorted(by: { $0.key < $1.key }) {
            for phase in Phase.allCases {
                for year in years {
                    guard let (capacity, pupils, housing, areasShort, placesShort) = byPhase[phase]?[year] else {
                        continue
                    }
                    rows.append(
                        SurplusRow(
                            areaCode: la, phase: phase, year: year, capacity: capacity, pupils: pupils,
                            housingPupils: housing, isForecast: year != years[0],
                            targetPercent: settings.targetPercent, bandPercent: settings.bandPercent,
                            isLATotal: true, areasShort: areasShort, placesShort: placesShort))
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

    /// The status of a decision due in `year` against the census year `origin`.
    static func decisionStatus(_ year: AcademicYear, origin: AcademicYear) -> DecisionStatus {
        year < origin ? .overdue : (year == origin ? .dueNow : .open)
    }

    func buildNeeds(_ needed: [PlacesNeededRow], origin: AcademicYear) -> [BuildNeed] {
        var result: [BuildNeed] = []
        let margin = settings.buildTo == .target ? settings.targetPercent / 100 : 0
        let neededByArea = Dictionary(grouping: needed, by: \.areaCode)
        for area in areas {
            let areaNeeded = neededByArea[area.code] ?? []
            let totals = areaNeeded.filter { $0.yearGroup == nil }.sorted { $0.year < $1.year }
            // Places that bring planned pupils to the margin: capacity c with (c − p) / c ≥ margin, c ≥ p / (1 − m).
            func toMargin(_ row: PlacesNeededRow) -> Double { row.plannedPupils / (1 - margin) - row.capacity }
            let short = totals.filter { $0.placesNeeded > 0 }
            let below = totals.filter { toMargin($0) > 0 }
            let peak = below.max { toMargin($0) < toMargin($1) }
            let perFormOfEntry =
                PlanningRules.placesPerFormOfEntry * Double(PlanningRules.yearGroupsPerFormOfEntry(area.phase))
            let need = peak.map(toMargin) ?? 0
            let step = settings.allowHalfFormsOfEntry ? 0.5 : 1.0
            let forms = need > 0 ? (need / perFormOfEntry / step).rounded(.up) * step : 0
            let places = forms * perFormOfEntry
            let costs = settings.costPerPlace[area.phase] ?? .zero
            let firstNeed = below.first?.year
            let decision = firstNeed?.advanced(by: -settings.leadTimeYears)
            let after = peak.flatMap { row -> Double? in
                let built = row.capacity + places
                return built > 0 ? 100 * (built - row.plannedPupils) / built : nil
            }
            result.append(
                BuildNeed(
                    areaCode: area.code, phase: area.phase, firstShortfallYear: short.first?.year,
                    firstNeedYear: firstNeed, peakYear: peak?.year,
                    peakShortfall: max(0, short.map(\.placesNeeded).max() ?? 0), placesToMargin: need,
                    formsOfEntry: forms, placesToBuild: places, surplusPercentAfterBuild: after,
                    decisionYear: decision, decisionStatus: decision.map { Self.decisionStatus($0, origin: origin) },
                    costExpansion: places * costs.expansion, costNewSchool: places * costs.newSchool,
                    costTemporary: places * costs.temporary))
            // Bulge classes: an entry year short of places in a year that permanent places do not cover (none
            // planned, or before they can open), even when the area total has room.
            let entry = PlanningRules.entryYearGroup(of: area.phase)
            let permanentFrom = forms > 0 ? origin.advanced(by: settings.leadTimeYears) : nil
            let entryRows = areaNeeded.filter { $0.yearGroup == entry }
                .sorted { $0.year < $1.year }
            for row in entryRows where row.placesNeeded >= PlanningRules.bulgeMinimumShortfall {
                if let permanentFrom, row.year >= permanentFrom { continue }
                let classes = (row.placesNeeded / PlanningRules.placesPerFormOfEntry).rounded(.up)
                let bulgePlaces = classes * PlanningRules.placesPerFormOfEntry
                let bulgeDecision = row.year.advanced(by: -PlanningRules.bulgeLeadTimeYears)
                result.append(
                    BuildNeed(
                        areaCode: area.code, phase: area.phase, kind: .bulge, yearGroup: entry,
                        firstShortfallYear: row.year, firstNeedYear: row.year, peakYear: row.year,
                        peakShortfall: row.placesNeeded, placesToMargin: row.placesNeeded, formsOfEntry: classes,
                        placesToBuild: bulgePlaces,
                        surplusPercentAfterBuild: 100 * (row.capacity + bulgePlaces - row.plannedPupils)
                            / (row.capacity + bulgePlaces),
                        decisionYear: bulgeDecision,
                        decisionStatus: Self.decisionStatus(bulgeDecision, origin: origin),
                        costExpansion: bulgePlaces * costs.expansion, costNewSchool: bulgePlaces * costs.newSchool,
                        costTemporary: bulgePlaces * costs.temporary))
            }
        }
        return result
    }

    /// A school's year: whole roll, housing pupils, entry-year pupils, funded (R–11) pupils and their income.
    struct SchoolYear {
        var roll = 0.0
        var housing = 0.0
        var entry = 0.0
        var funded = 0.0
        var income = 0.0
    }

    /// Funded (R–11) pupils and their pupil-led income at the marginal rates, from a school's census rows.
    func funded(_ byGroup: [YearGroup: Double]) -> (pupils: Double, income: Double) {
        byGroup.reduce((0, 0)) { sum, item in
            guard item.key.phase != .sixthForm else { return sum }
            return (sum.0 + item.value, sum.1 + item.value * (finance.ratePerPupil[item.key.phase] ?? 0))
        }
    }

    /// Every planning area's pupils (census year first) shared out to its schools by the allocator's rule.
    func allocate(_ table: Pupils, years: [AcademicYear]) -> [String: AreaAllocation] {
        var allocations: [String: AreaAllocation] = [:]
        for area in areas {
            allocations[area.code] = allocator.allocateArea(area.code, groups: area.yearGroups, years: years) {
                table.get(area.code, $0, $1).pupils
            }
        }
        return allocations
    }

    func deficitRisk(
        _ table: Pupils, years: [AcademicYear], allocations: [String: AreaAllocation]
    ) -> [DeficitRisk] {
        guard let origin = years.first else { return [] }
        // School rolls by year: every area's year groups shared out to its schools.
        var rolls: [String: [AcademicYear: SchoolYear]] = [:]
        let schoolsByID = Dictionary(supply.schools.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for area in areas {
            guard let allocation = allocations[area.code] else { continue }
            for year in years {
                for group in area.yearGroups {
                    let value = table.get(area.code, year, group)
                    let shares = allocation.pupils(year, group)
                    let rate = group.phase == .sixthForm ? 0 : finance.ratePerPupil[group.phase] ?? 0
                    for (school, pupils) in shares {
                        var sum = rolls[school]?[year] ?? SchoolYear()
                        sum.roll += pupils
                        sum.housing += value.pupils > 0 ? pupils * value.housing / value.pupils : 0
                        sum.entry += schoolsByID[school]?.entryYearGroups.contains(group) == true ? pupils : 0
                        if group.phase != .sixthForm {
                            sum.funded += pupils
                            sum.income += pupils * rate
                        }
                        rolls[school, default: [:]][year] = sum
                    }
                }
            }
        }
        var result: [DeficitRisk] = []
        for school in supply.schools where !school.planningPhases.isEmpty {
            guard let byYear = rolls[school.id] else { continue }
            let census =
                allocator.rolls?.roll(school.id, origin, groups: school.yearGroups)
                ?? byYear[origin]?.roll ?? 0
            let censusFunded =
                allocator.rolls?.bySchool[school.id]?[origin].map(funded)
                ?? (byYear[origin].map { ($0.funded, $0.income) } ?? (0, 0))
            // Funded pupils and income in a year: the roll `censusLagYears` earlier; at or before the census, the
            // school's census rows of that year (the census year's when it has none).
            func fundedIn(_ year: AcademicYear) -> (pupils: Double, income: Double) {
                let rollYear = year.advanced(by: -finance.censusLagYears)
                if rollYear <= origin {
                    return allocator.rolls?.bySchool[school.id]?[rollYear].map(funded) ?? censusFunded
                }
                return byYear[rollYear].map { ($0.funded, $0.income) } ?? censusFunded
            }
            let censusCapacity = school.planningPhases.reduce(0) {
                $0 + supply.capacity(school, phase: $1, origin)
            }
            for year in years.dropFirst() {
                guard let value = byYear[year], school.isOpen(in: year) else { continue }
                let capacity = school.planningPhases.reduce(0) { $0 + supply.capacity(school, phase: $1, year) }
                let now = fundedIn(year)
                let lastYear = fundedIn(year.advanced(by: -1))
                let windowStart = fundedIn(year.advanced(by: -finance.mediumTermYears))
                let unfilled = capacity > 0 ? (capacity - value.roll) / capacity : 0
                // Intake per form of entry over the school's own entry year groups (a junior school's Year 3; an
                // all-through school's Reception and Year 7 together).
                let pan = school.entryYearGroups.reduce(0) { $0 + supply.pan(school, entry: $1, intakeYear: year) }
                let intakePerForm = pan > 0 ? value.entry / (pan / PlanningRules.placesPerFormOfEntry) : nil
                var reasons: [(DeficitRisk.Level, DeficitRiskReason)] = []
                let unfilledPercent = 100 * unfilled
                let thresholds = finance.unfilledThresholds
                let levels: [(DeficitRisk.Level, Double)] =
                    [(.high, thresholds.high), (.medium, thresholds.medium), (.low, thresholds.low)]
                if let (level, threshold) = levels.first(where: { unfilledPercent >= $0.1 }) {
                    reasons.append((level, .unfilled(percent: unfilledPercent, threshold: threshold)))
                }
                if capacity > 0, value.roll > capacity {
                    let over = 100 * (value.roll - capacity) / capacity
                    reasons.append(
                        (
                            over >= finance.overCapacityPercent ? .medium : .low,
                            .overCapacity(pupils: value.roll - capacity, percent: over)
                        ))
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
                if lastYear.income > 0 {
                    let loss = 100 * (lastYear.income - now.income) / lastYear.income
                    if loss >= finance.incomeLossPercent {
                        reasons.append(
                            (
                                .medium,
                                .incomeLoss(
                                    pounds: lastYear.income - now.income, percent: loss, years: 1,
                                    censusLagYears: finance.censusLagYears)
                            ))
                    }
                }
                if windowStart.income > 0 {
                    let loss = 100 * (windowStart.income - now.income) / windowStart.income
                    let limits = finance.mediumTermLossPercent
                    if loss >= limits.medium {
                        reasons.append(
                            (
                                loss >= limits.high ? .high : .medium,
                                .incomeLoss(
                                    pounds: windowStart.income - now.income, percent: loss,
                                    years: finance.mediumTermYears, censusLagYears: finance.censusLagYears)
                            ))
                    }
                }
                // Planned PAN cuts: places removed since the census account for up to that much of the fall.
                let panPlaces = capacity - censusCapacity
                let fall = max(0, census - value.roll)
                let fromPAN = panPlaces < 0 ? min(fall, -panPlaces) : 0
                if fromPAN > 0 {
                    reasons.append((.none, .panReduction(pupils: fromPAN, fall: fall, places: -panPlaces)))
                }
                var risk = DeficitRisk(
                    school: school, year: year, roll: value.roll, housingPupils: value.housing, censusRoll: census,
                    capacity: capacity, incomeChange: now.income - lastYear.income, unfilledShare: unfilled,
                    intakePerFormOfEntry: intakePerForm, level: reasons.map(\.0).max() ?? .none,
                    reasons: reasons.map(\.1))
                risk.fundedRoll = now.pupils
                risk.incomeChangeMediumTerm = now.income - windowStart.income
                risk.panChangePlaces = panPlaces
                risk.rollFallFromPANChange = fromPAN
                result.append(risk)
            }
        }
        return result
    }
}
