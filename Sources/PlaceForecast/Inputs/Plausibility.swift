/// Checks that inputs are plausible, not only well formed: values a planner should look at before trusting a
/// forecast built on them. Each finding is a warning (the run goes on) that names the area or school, the year, the
/// value found and what was expected. Every command prints them; `placeplan validate` lists them all.
public enum Plausibility {
    /// Reception pupils per birth four years earlier: outside 0.3–1.5 is implausible anywhere in England (inner London
    /// LAs run at about 0.5, growing areas above 1.1) and points at births or Reception counts for the wrong area or
    /// year.
    public static let receptionRatios = 0.3...1.5
    /// A year whose Reception ratio is more than 15% away from the median of the area's other years is worth a look
    /// (a births year shifted by one, an area's births attached to another).
    public static let receptionRatioChange = 0.15
    /// Pupils in year group g+1 per pupil in g a year earlier, within a phase (R→1 … 5→6, 7→8 … 10→11): a move of
    /// more than 15% in a year is outside the usual range even for a small planning area.
    public static let survivalRatios = 0.85...1.15
    /// A year group's count (R–11; sixth-form counts follow provision, not cohorts) is far outside its area's history
    /// when it is more than twice, or under half, the median of the same year group in the area's other years, and
    /// at least this many pupils away from it.
    public static let outlierMinimumDifference = 20.0
    /// Ratios are judged only on cohorts of at least this many pupils: smaller ones move by chance.
    public static let smallestJudgedCohort = 50.0

    /// One finding: the file it concerns (by its usual name), the area or school, and what is wrong.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        /// The input file whose values look wrong (`pupils.csv`, `schools.csv`, …).
        public let file: String
        public let message: String
        /// The row of `file` to look at, when one row is (the I/O layer turns it into a line number).
        public var row: Row? = nil
        public var description: String { "\(file): \(message)" }
    }

    /// A row of the pupils file (area, academic year, year group) or of the births file (area, births year).
    public struct Row: Sendable, Equatable {
        public let area: String
        public let year: Int
        public let yearGroup: YearGroup?
    }

    /// Every finding on the pupils, births, housing and supply inputs, in a stable order (file, then area or school,
    /// then year).
    public static func findings(
        _ inputs: ForecastInputs, schools: [School] = [], panChanges: [PANChange] = [], rolls: SchoolRolls? = nil
    ) -> [Finding] {
        var findings: [Finding] = []
        for history in inputs.pupils.histories.sorted(by: { $0.area.code < $1.area.code }) {
            findings += outliers(history) + survival(history) + reception(history, births: inputs.births)
        }
        findings += housingGaps(inputs.housing)
        findings += overCapacity(schools, rolls: rolls, census: inputs.pupils.lastYear)
        findings += unchangedPANs(panChanges, schools: schools)
        return findings
    }

    /// Counts more than twice, or under half, the median of the same area and year group in its other years.
    static func outliers(_ history: CohortTable.AreaHistory) -> [Finding] {
        var findings: [Finding] = []
        for group in YearGroup.all where group.index <= 11 {
            let values = history.years.map { year in (year, history.pupils(year, group)) }
            let known = values.compactMap { $0.1 }
            guard known.count >= 3 else { continue }
            for (year, value) in values {
                guard let value else { continue }
                var others = known
                others.remove(at: others.firstIndex(of: value)!)
                let median = Self.median(others)
                let far = value > 2 * median || value < median / 2
                guard far, abs(value - median) >= outlierMinimumDifference else { continue }
                var finding = Finding(
                    file: "pupils.csv",
                    message: "area \(history.area.code), \(year) \(group): \(number(value)) pupils, far from the "
                        + "area's other years (median \(number(median))). Check the row")
                finding.row = Row(area: history.area.code, year: year.startYear, yearGroup: group)
                findings.append(finding)
            }
        }
        return findings
    }

    /// Survival ratios within a phase outside ``survivalRatios``.
    static func survival(_ history: CohortTable.AreaHistory) -> [Finding] {
        var findings: [Finding] = []
        for year in history.years.dropFirst() {
            for group in YearGroup.all.dropFirst() where group.phase == group.previous!.phase && group.index <= 11 {
                guard let before = history.pupils(year.advanced(by: -1), group.previous!),
                    let after = history.pupils(year, group), before >= smallestJudgedCohort
                else { continue }
                let ratio = after / before
                guard !survivalRatios.contains(ratio) else { continue }
                var finding = Finding(
                    file: "pupils.csv",
                    message: "area \(history.area.code): \(number(before)) in \(group.previous!) in "
                        + "\(year.advanced(by: -1)) became \(number(after)) in \(group) in \(year) (ratio "
                        + "\(number(ratio, decimals: 2)); expected \(range(survivalRatios))). Check both rows")
                finding.row = Row(area: history.area.code, year: year.startYear, yearGroup: group)
                findings.append(finding)
            }
        }
        return findings
    }

    /// Reception pupils per birth four years earlier outside ``receptionRatios``, or more than
    /// ``receptionRatioChange`` away from the median of the area's other years.
    static func reception(_ history: CohortTable.AreaHistory, births: BirthSeries) -> [Finding] {
        let ratios: [(year: AcademicYear, pupils: Double, born: Double)] = history.years.compactMap { year in
            guard let pupils = history.pupils(year, .reception), pupils >= smallestJudgedCohort,
                let born = births.births(history.area.code, year.receptionBirthsYear), born > 0
            else { return nil }
            return (year, pupils, born)
        }
        return ratios.compactMap { year, pupils, born in
            let ratio = pupils / born
            let others = ratios.filter { $0.year != year }.map { $0.pupils / $0.born }
            let usual = others.count >= 3 ? median(others) : nil
            let expected: String
            if !receptionRatios.contains(ratio) {
                expected = range(receptionRatios)
            } else if let usual, abs(ratio / usual - 1) > receptionRatioChange {
                expected = "within 15% of the area's other years, median \(number(usual, decimals: 2))"
            } else {
                return nil
            }
            var finding = Finding(
                file: "births.csv",
                message: "area \(history.area.code): \(number(pupils)) in Reception in \(year) from \(number(born)) "
                    + "births in \(year.receptionBirthsYear) (ratio \(number(ratio, decimals: 2)); expected "
                    + "\(expected)). Check these births, and the Reception count in the pupils file")
            finding.row = Row(area: history.area.code, year: year.receptionBirthsYear, yearGroup: nil)
            return finding
        }
    }

    /// Areas whose housing completions skip years (a missing year is read as no completions).
    static func housingGaps(_ housing: HousingSeries?) -> [Finding] {
        guard let housing else { return [] }
        return housing.byArea.keys.sorted().compactMap { area in
            let years = housing.byArea[area]!.keys.sorted()
            let missing = zip(years, years.dropFirst()).flatMap { from, to in
                (from.startYear + 1..<to.startYear).map(AcademicYear.init)
            }
            guard !missing.isEmpty else { return nil }
            return Finding(
                file: "housing.csv",
                message: "area \(area) has no completions for \(missing.map(\.description).joined(separator: ", ")) "
                    + "between \(years.first!) and \(years.last!), so none are assumed there. Add rows with 0 if "
                    + "that is right")
        }
    }

    /// Schools with more pupils on roll at the census than their net capacity.
    static func overCapacity(_ schools: [School], rolls: SchoolRolls?, census: AcademicYear?) -> [Finding] {
        guard let rolls, let census else { return [] }
        return schools.sorted { $0.id < $1.id }.compactMap { school in
            guard let roll = rolls.roll(school.id, census, groups: school.yearGroups), roll > school.netCapacity
            else { return nil }
            return Finding(
                file: "schools.csv",
                message: "school \(school.id) (\(school.name)): \(number(roll)) on roll in \(census), over its net "
                    + "capacity of \(number(school.netCapacity)). Check net_capacity, or expect no room there")
        }
    }

    /// PAN changes to the PAN the school already has at that entry year.
    static func unchangedPANs(_ changes: [PANChange], schools: [School]) -> [Finding] {
        let byID = Dictionary(uniqueKeysWithValues: schools.map { ($0.id, $0) })
        return changes.compactMap { change in
            guard let school = byID[change.schoolID], school.basePAN(entry: change.entryGroup) == change.newPAN
            else { return nil }
            return Finding(
                file: "pan_changes.csv",
                message: "school \(change.schoolID) (\(school.name)): the PAN from \(change.fromYear) is set to "
                    + "\(number(change.newPAN)), which it already is, so this change changes nothing")
        }
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    private static func range(_ range: ClosedRange<Double>) -> String {
        "\(number(range.lowerBound, decimals: 2)) to \(number(range.upperBound, decimals: 2))"
    }

    /// A count or ratio as people read it: whole numbers without decimals.
    private static func number(_ value: Double, decimals: Int = 0) -> String {
        let scale = Double([1, 10, 100, 1000][min(decimals, 3)])
        let rounded = (value * scale).rounded() / scale
        return decimals == 0 || rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
