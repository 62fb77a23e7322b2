import Foundation
import TestSupport
import Testing

/// Checks the `forecast.csv` contract: required columns; for every area of the pupils input with data in the
/// origin year, every forecast year and every year group it teaches (R..13, Year 14 excluded); values finite
/// and non-negative; nothing else.
@discardableResult
private func checkContract(forecast: URL, pupils: URL, horizon: Int) throws -> Int {
    var withIntervals = 0
    let input = try SimpleCSV(pupils)
    let output = try SimpleCSV(forecast)
    for column in ["area_code", "year", "year_group", "pupils"] { #expect(output.columns[column] != nil, "\(column)") }

    let origin = input.values("year").compactMap(Int.init).max()!
    var expected = Set<String>()
    for row in input.rows where Int(row[input.columns["year"]!]) == origin {
        let group = row[input.columns["year_group"]!]
        guard group != "14" else { continue }
        for year in origin + 1...origin + horizon {
            expected.insert("\(row[input.columns["area_code"]!])|\(year)|\(group)")
        }
    }
    var seen = Set<String>()
    for row in output.rows {
        let key =
            "\(row[output.columns["area_code"]!])|\(row[output.columns["year"]!])|\(row[output.columns["year_group"]!])"
        #expect(seen.insert(key).inserted, "duplicate row \(key)")
        let value = Double(row[output.columns["pupils"]!])
        #expect(value != nil && value!.isFinite && value! >= 0, "bad pupils in \(key)")
        // Intervals, where calibrated, nest around the point forecast: lower95 ≤ lower80 ≤ pupils ≤ upper80 ≤
        // upper95.
        let bounds = ["lower_95", "lower_80", "upper_80", "upper_95"].map { Double(row[output.columns[$0]!]) }
        if let value, let l95 = bounds[0], let l80 = bounds[1], let u80 = bounds[2], let u95 = bounds[3] {
            #expect(l95 <= l80 && l80 <= value + 1e-3 && value <= u80 + 1e-3 && u80 <= u95, "intervals in \(key)")
            withIntervals += 1
        }
    }
    #expect(
        seen == expected,
        Comment(
            rawValue: "missing \(expected.subtracting(seen).sorted().prefix(5)), extra "
                + "\(seen.subtracting(expected).sorted().prefix(5))")
    )
    return withIntervals
}

/// Sums of an input file's `value` column by `key`, read independently of the code under test.
private func sums(_ csv: SimpleCSV, _ value: String, key: ([String: String]) -> String?) -> [String: Double] {
    var totals: [String: Double] = [:]
    for row in csv.namedRows {
        if let k = key(row) { totals[k, default: 0] += Double(row[value]!)! }
    }
    return totals
}

private func phase(ofYearGroup group: String) -> String? {
    if group == "R" || (Int(group).map { (1...6).contains($0) } ?? false) { return "primary" }
    return (Int(group).map { (7...11).contains($0) } ?? false) ? "secondary" : nil
}

/// The phase whose places a year group fills: net capacity of a secondary school includes its sixth form.
private func supplyPhase(ofYearGroup group: String) -> String? {
    group == "12" || group == "13" ? "secondary" : phase(ofYearGroup: group)
}

/// The supply files against independent expectations: capacity and PANs summed from inputs/schools.csv, the
/// census from inputs/pupils.csv and school_rolls.csv, forecast pupils from forecast.csv, costs per place from
/// the DfE scorecard (DOMAIN.md: secondary permanent expansion £28.9k, new school £30.4k, temporary £11.2k).
private func checkSupplyValues(_ out: URL) throws {
    let inputs = repositoryRoot.appendingPathComponent("inputs")
    let schools = try SimpleCSV(inputs.appendingPathComponent("schools.csv"))
    let areaPhase = Dictionary(
        uniqueKeysWithValues: try SimpleCSV(inputs.appendingPathComponent("planning_areas.csv")).namedRows.map {
            ($0["area_code"]!, $0["phase"]!)
        })
    // A school teaches first_year_group–last_year_group (blank: its phase's range). An all-through school (St
    // Mark's) counts its primary places in area_code and its secondary places in secondary_area_code: its net
    // capacity split 7 × its Reception PAN : 5 × its Year 7 PAN. A year group's places at a school are the PAN of
    // the entry year group governing it (a junior school's Year 3 PAN for Years 3–6, none at an infant school).
    var netCapacity: [String: Double] = [:]
    var pans: [String: Double] = [:]  // "area|year group"
    func index(_ label: String) -> Int { label == "R" ? 0 : Int(label)! }
    for row in schools.namedRows where row["phase"] != "special" {
        let area = row["area_code"]!
        let net = Double(row["net_capacity"]!)!
        let pan = Double(row["pan"]!)!
        let defaults = ["primary": ("R", "6"), "secondary": ("7", "13"), "all-through": ("R", "13")][row["phase"]!]!
        let first = index(row["first_year_group"].flatMap { $0.isEmpty ? nil : $0 } ?? defaults.0)
        let last = index(row["last_year_group"].flatMap { $0.isEmpty ? nil : $0 } ?? defaults.1)
        if row["phase"] == "all-through" {
            let secondaryPAN = Double(row["secondary_pan"]!)!
            let secondaryArea = row["secondary_area_code"].flatMap { $0.isEmpty ? nil : $0 } ?? area
            let total = 5 * secondaryPAN + 7 * pan
            netCapacity["\(area)|primary", default: 0] += net * 7 * pan / total
            netCapacity["\(secondaryArea)|secondary", default: 0] += net * 5 * secondaryPAN / total
            for group in first...min(last, 11) {
                pans["\(group < 7 ? area : secondaryArea)|\(group)", default: 0] += group < 7 ? pan : secondaryPAN
            }
        } else {
            netCapacity["\(area)|\(areaPhase[area]!)", default: 0] += net
            for group in first...min(last, 11) { pans["\(area)|\(group)", default: 0] += pan }
        }
    }
    let census = sums(try SimpleCSV(inputs.appendingPathComponent("pupils.csv")), "pupils") { row in
        supplyPhase(ofYearGroup: row["year_group"]!).map { "\(row["area_code"]!)|\($0)|\(row["year"]!)" }
    }
    let forecast = sums(try SimpleCSV(out.appendingPathComponent("forecast.csv")), "pupils") { row in
        supplyPhase(ofYearGroup: row["year_group"]!).map { "\(row["area_code"]!)|\($0)|\(row["year"]!)" }
    }
    let la = "E06000045"

    // surplus.csv: surplus % = (capacity − pupils) / capacity per planning area, capacity = Σ net capacity of
    // its schools, pupils = the census in 2022 and Σ forecast.csv over the phase's year groups after (R-6;
    // 7-13, as secondary net capacity includes sixth-form places).
    let surplus = try SimpleCSV(out.appendingPathComponent("surplus.csv")).namedRows
    var checkedAreas = 0
    for row in surplus where row["area_code"] != la {
        let key = "\(row["area_code"]!)|\(row["phase"]!)"
        let year = Int(row["year"]!)!
        let capacity = try #require(netCapacity[key], "no schools for \(key)")
        let pupils = try #require(year == 2022 ? census["\(key)|2022"] : forecast["\(key)|\(year)"], "\(key) \(year)")
        #expect(abs(Double(row["capacity"]!)! - capacity) < 0.01, "capacity \(key)")
        #expect(abs(Double(row["pupils"]!)! - pupils) < 0.01, "pupils \(key) \(year)")
        #expect(abs(Double(row["surplus_pct"]!)! - 100 * (capacity - pupils) / capacity) < 0.006, "\(key) \(year)")
        checkedAreas += 1
    }
    #expect(checkedAreas == 10 * 8)
    // The LA row never offsets: areas_short counts the areas with pupils above capacity, places_short adds their
    // shortfalls only, and any area short makes the status "areas short" whatever the LA-wide per cent.
    var laShortChecked = 0
    for row in surplus where row["area_code"] == la {
        let areaRows = surplus.filter {
            $0["area_code"] != la && $0["phase"] == row["phase"] && $0["year"] == row["year"]
        }
        let shortfalls = areaRows.map { Double($0["pupils"]!)! - Double($0["capacity"]!)! }.filter { $0 > 0 }
        #expect(Int(row["areas_short"]!)! == shortfalls.count, "LA \(row["phase"]!) \(row["year"]!)")
        #expect(abs(Double(row["places_short"]!)! - shortfalls.reduce(0, +)) < 0.01, "LA \(row["year"]!)")
        if !shortfalls.isEmpty {
            #expect(row["status"] == "areas short", "LA \(row["phase"]!) \(row["year"]!)")
            laShortChecked += 1
        } else {
            #expect(row["status"] != "areas short")
        }
    }
    // No area is short: St Mark's primary places now count in P02, which was 15 places short in 2022/23 while they
    // counted in S02; falling rolls leave no area short in a forecast year.
    #expect(laShortChecked == 0)
    // The LA row: all its planning areas' capacity and pupils.
    for row in surplus where row["area_code"] == la && row["year"] == "2022" {
        let phase = row["phase"]!
        let capacity = netCapacity.filter { $0.key.hasSuffix("|\(phase)") }.values.reduce(0, +)
        let pupils = census.filter { $0.key.hasSuffix("|\(phase)|2022") && !$0.key.hasPrefix(la) }.values.reduce(0, +)
        #expect(abs(Double(row["capacity"]!)! - capacity) < 0.01, "LA \(phase) capacity")
        #expect(abs(Double(row["surplus_pct"]!)! - 100 * (capacity - pupils) / capacity) < 0.006, "LA \(phase)")
    }

    // places_needed.csv: planned pupils − places, per year group (places = Σ PAN of the area's schools) and per
    // area (places = Σ net capacity); the LA's places needed = Σ of its areas' shortfalls only (a surplus in
    // one area does not offset a shortfall in another).
    let needed = try SimpleCSV(out.appendingPathComponent("places_needed.csv")).namedRows
    var shortfalls: [String: Double] = [:]
    for row in needed where row["area_code"] != la {
        let group = row["year_group"]!
        let area = row["area_code"]!
        let rowPhase = row["phase"]!
        let places: Double
        if group == "total" {
            places = try #require(netCapacity["\(area)|\(rowPhase)"])
            shortfalls["\(rowPhase)|\(row["year"]!)", default: 0] += max(0, Double(row["places_needed"]!)!)
        } else if phase(ofYearGroup: group) == rowPhase {
            places = pans["\(area)|\(index(group))"] ?? 0
        } else {
            continue  // sixth form
        }
        #expect(abs(Double(row["capacity"]!)! - places) < 0.01, "places \(area) \(group) \(row["year"]!)")
        #expect(
            abs(Double(row["places_needed"]!)! - (Double(row["planned_pupils"]!)! - places)) < 0.002,
            "places needed \(area) \(group) \(row["year"]!)")
    }
    let laNeeded = needed.filter { $0["area_code"] == la && $0["year_group"] == "total" }
    #expect(laNeeded.count == 2 * 7)
    for row in laNeeded {
        let expected = shortfalls["\(row["phase"]!)|\(row["year"]!)"] ?? 0
        #expect(abs(Double(row["places_needed"]!)! - expected) < 0.01, "LA \(row["phase"]!) \(row["year"]!)")
    }
    // No area is short in a forecast year (above), so the LA needs no places in any.
    #expect(laNeeded.allSatisfy { Double($0["places_needed"]!)! == 0 })

    // build_needs.csv: S01 is never short but falls below the 5% target, and build needs are sized to restore it
    // (planning.yaml `build_to: target`): the places to the margin are the largest planned / 0.95 − capacity,
    // whole forms of entry of 150 secondary places cover them, and the need starts in the first year planned /
    // 0.95 exceeds capacity; costs = places × the scorecard cost per place.
    let s01Rows = needed.filter { $0["area_code"] == "S01" && $0["year_group"] == "total" }
        .sorted { Int($0["year"]!)! < Int($1["year"]!)! }
    let toTarget = s01Rows.map { (Int($0["year"]!)!, Double($0["planned_pupils"]!)! / 0.95 - Double($0["capacity"]!)!) }
    let buildRows = try SimpleCSV(out.appendingPathComponent("build_needs.csv")).namedRows
    let build = try #require(buildRows.first { $0["area_code"] == "S01" && $0["kind"] == "permanent" })
    let firstNeed = try #require(toTarget.first { $0.1 > 0 })
    let margin = try #require(toTarget.map(\.1).max())
    let forms = (margin / 150).rounded(.up)
    #expect(s01Rows.allSatisfy { Double($0["places_needed"]!)! <= 0 })
    #expect(build["first_shortfall_year"] == "")
    #expect(build["first_need_year"] == String(firstNeed.0))
    #expect(Double(build["peak_shortfall_places"]!)! == 0)
    #expect(abs(Double(build["places_to_margin"]!)! - margin) < 0.01)
    #expect(Double(build["forms_of_entry"]!)! == forms)
    #expect(Double(build["places_to_build"]!)! == forms * 150)
    #expect(Double(build["surplus_pct_after_build"]!)! >= 5)
    #expect(Double(build["cost_expansion_gbp"]!)! == forms * 150 * 28_900)
    #expect(Double(build["cost_new_school_gbp"]!)! == forms * 150 * 30_400)
    #expect(Double(build["cost_temporary_gbp"]!)! == forms * 150 * 11_200)
    // Needed from 2023 with a 3-year lead time: the decision was due in 2020, before the 2022 census: overdue.
    #expect(build["decision_year"] == String(firstNeed.0 - 3))
    #expect(build["decision_status"] == "overdue")
    // Bulge rows: every Year 7 shortfall of a secondary area before permanent places can open (2022 + 3).
    for row in buildRows where row["kind"] == "bulge" {
        let year = row["peak_year"]!
        let entry = try #require(
            needed.first {
                $0["area_code"] == row["area_code"] && $0["year_group"] == row["year_group"] && $0["year"] == year
            })
        #expect(abs(Double(row["places_to_margin"]!)! - Double(entry["places_needed"]!)!) < 0.01)
        #expect(Double(row["places_to_build"]!)! == (Double(entry["places_needed"]!)! / 30).rounded(.up) * 30)
        #expect(Int(year)! < 2025)
    }

    // deficit_risk.csv: census roll = Σ school_rolls.csv in 2022; unfilled % = (capacity − roll) / capacity with
    // the school's net capacity from schools.csv; roll change = roll − census roll.
    let rolls = sums(try SimpleCSV(inputs.appendingPathComponent("school_rolls.csv")), "pupils") {
        $0["year"] == "2022" ? $0["school_id"]! : nil
    }
    let schoolCapacity = sums(schools, "net_capacity") { $0["school_id"]! }
    let risk = try SimpleCSV(out.appendingPathComponent("deficit_risk.csv")).namedRows
    #expect(!risk.isEmpty)
    for row in risk {
        let school = row["school_id"]!
        let roll = Double(row["roll"]!)!
        let capacity = try #require(schoolCapacity[school])
        #expect(Double(row["capacity"]!)! == capacity, "\(school)")
        #expect(Double(row["census_roll"]!)! == rolls[school], "\(school)")
        // The roll is written to 0.1 pupil and the percentage to 0.01.
        #expect(
            abs(Double(row["unfilled_pct"]!)! - 100 * (capacity - roll) / capacity) <= 5 / capacity + 0.0051,
            "\(school) \(row["year"]!)")
        #expect(abs(Double(row["roll_change"]!)! - (roll - rolls[school]!)) < 0.11, "\(school) \(row["year"]!)")
    }
}

/// send.csv against the published EHC plan counts in inputs/ehcp.csv: the summary starts from the published
/// January 2022 count; a caseload that grew every year keeps growing; the first forecast year's growth lies
/// within the range of the last three observed annual growth rates; each age band's share of the total in the
/// first forecast year is within 2 points of its published share in the origin year.
private func checkSendValues(_ out: URL, stdout: String) throws {
    let ehcp = try SimpleCSV(repositoryRoot.appendingPathComponent("inputs/ehcp.csv")).namedRows
        .filter { $0["area_code"] == "E06000045" }
    func published(_ year: Int, _ band: String) -> Double? {
        ehcp.first { $0["year"] == String(year) && $0["age_band"] == band }.map { Double($0["plans"]!)! }
    }
    let origin = try #require(published(2021, "Total"))
    #expect(stdout.contains("E06000045: \(Int(origin)) in 2021/22"), "\(stdout)")
    let send = try SimpleCSV(out.appendingPathComponent("send.csv")).namedRows
    #expect(send.count == 7 * 6)
    func plans(_ year: Int, _ band: String) -> Double? {
        send.first { $0["year"] == String(year) && $0["age_band"] == band }.map { Double($0["plans"]!)! }
    }
    var previous = origin
    for year in 2022...2028 {
        let total = try #require(plans(year, "Total"))
        #expect(total > previous, "\(year): \(total) after \(previous)")
        previous = total
    }
    let growth = try (2019...2021).map { year in
        try #require(published(year, "Total")) / #require(published(year - 1, "Total")) - 1
    }
    let firstGrowth = try #require(plans(2022, "Total")) / origin - 1
    #expect(firstGrowth >= growth.min()! - 1e-9 && firstGrowth <= growth.max()! + 1e-9, "\(firstGrowth) vs \(growth)")
    let total2022 = try #require(plans(2022, "Total"))
    for band in ["Under 5", "Age 5 to 10", "Age 11 to 15", "Age 16 to 19", "Age 20 to 25"] {
        let share = try #require(plans(2022, band)) / total2022
        let publishedShare = try #require(published(2021, band)) / origin
        #expect(abs(share - publishedShare) < 0.02, "\(band): \(share) vs published \(publishedShare)")
    }
}

@Suite("placeplan forecast, end to end")
struct ForecastCommandTests {
    @Test("on the embedded default inputs: every planning area, year and year group")
    func defaultInputs() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan(["forecast", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("origin 2022/23"))
        #expect(result.stdout.contains("10 areas"))
        let withIntervals = try checkContract(
            forecast: out.appendingPathComponent("forecast.csv"),
            pupils: repositoryRoot.appendingPathComponent("inputs/pupils.csv"), horizon: 7)
        #expect(withIntervals > 0)
        let ratios = try SimpleCSV(out.appendingPathComponent("ratios.csv"))
        // Secondary planning areas take Year 7 from their feeders.
        #expect(ratios.values("transition").filter { $0 == "feeders->7" }.count == 3)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("run.json").path))

        // The supply side: every file, with its documented columns, and the LA-total rows.
        let expectedColumns = [
            "surplus.csv": [
                "area_code", "phase", "year", "capacity", "pupils", "surplus_places", "surplus_pct",
                "target_pct", "status", "housing_pupils", "areas_short", "places_short",
            ],
            "places_needed.csv": [
                "area_code", "phase", "year", "year_group", "pupils", "planned_pupils", "capacity", "places_needed",
            ],
            "build_needs.csv": [
                "area_code", "phase", "first_shortfall_year", "forms_of_entry", "places_to_build",
                "decision_year", "decision_status", "cost_expansion_gbp", "cost_new_school_gbp", "kind",
                "year_group", "first_need_year", "places_to_margin", "surplus_pct_after_build",
            ],
            "deficit_risk.csv": [
                "school_id", "year", "roll", "census_roll", "roll_change", "unfilled_pct",
                "intake_per_fe", "income_change_gbp", "risk", "reasons", "funded_roll",
                "income_change_medium_term_gbp", "pan_change_places", "roll_fall_from_pan_change",
            ],
            "send.csv": ["area_code", "year", "age_band", "plans", "lower_80", "upper_80"],
            "specialist_places.csv": [
                "area_code", "phase", "year", "plans", "specialist_places", "special_school_places",
                "special_school_capacity", "special_school_surplus", "out_of_area_share",
            ],
        ]
        for (file, columns) in expectedColumns {
            let csv = try SimpleCSV(out.appendingPathComponent(file))
            for column in columns { #expect(csv.columns[column] != nil, "\(file) lacks \(column)") }
            #expect(!csv.rows.isEmpty, "\(file) is empty")
        }
        let surplus = try SimpleCSV(out.appendingPathComponent("surplus.csv"))
        let laRows = surplus.rows.filter { $0[surplus.columns["area_code"]!] == "E06000045" }
        #expect(laRows.count == 2 * 8)  // primary and secondary, census year + 7 forecast years
        // The illustrative capacities (set from the real rolls) are within 3% of the published 2024/25 totals,
        // 21,957 primary and 14,587 secondary places (DfE school places scorecard), in every year.
        for row in laRows {
            let published = row[surplus.columns["phase"]!] == "primary" ? 21957.0 : 14587.0
            let capacity = Double(row[surplus.columns["capacity"]!])!
            #expect(abs(capacity / published - 1) < 0.03, "\(row)")
        }
        let forecastRows = try SimpleCSV(out.appendingPathComponent("forecast.csv"))
        #expect(forecastRows.values("housing_pupils").contains { (Double($0) ?? 0) > 0 })
        #expect(result.stdout.contains("Surplus places against capacity"))
        try checkSupplyValues(out)
        try checkSendValues(out, stdout: result.stdout)
    }

    @Test("--horizon and --model are honoured")
    func options() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let model = out.appendingPathComponent("last.yaml")
        try "name: last-ratio\nintake: { estimator: last }\nprogression: { estimator: last }\n"
            .write(to: model, atomically: true, encoding: .utf8)
        let result = try placeplan([
            "forecast", "--inputs", "inputs", "--model", model.path, "--horizon", "3",
            "--out", out.appendingPathComponent("run").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("model 'last-ratio'"))
        try checkContract(
            forecast: out.appendingPathComponent("run/forecast.csv"),
            pupils: repositoryRoot.appendingPathComponent("inputs/pupils.csv"), horizon: 3)
    }

    @Test(
        "on the national file: every LA in the latest census (2022/23)",
        .enabled(if: nationalData != nil, Comment(rawValue: nationalDataMissing)))
    func nationalFile() throws {
        let data = try #require(nationalData)
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try placeplan([
            "forecast", "--pupils", data.appendingPathComponent("pupils.csv").path,
            "--births", data.appendingPathComponent("births.csv").path, "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // 152 LAs from 2021/22 on (the data's README); the origin is the last census year.
        #expect(result.stdout.contains("origin 2022/23"))
        #expect(result.stdout.contains("152 areas"))
        let withIntervals = try checkContract(
            forecast: out.appendingPathComponent("forecast.csv"),
            pupils: data.appendingPathComponent("pupils.csv"), horizon: 7)
        // Calibrated on origins 2013-2021: every horizon has intervals (longer ones widened from shorter ones).
        #expect(withIntervals == 152 * 7 * 14)
    }

    @Test("a second run keeps the first under archive/")
    func keepsEarlierRuns() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(try placeplan(["forecast", "--horizon", "2", "--out", out.path]).status == 0)
        let first = try String(contentsOf: out.appendingPathComponent("forecast.csv"), encoding: .utf8)
        #expect(try placeplan(["forecast", "--horizon", "3", "--out", out.path]).status == 0)
        let archive = out.appendingPathComponent("archive")
        let runs = try FileManager.default.contentsOfDirectory(atPath: archive.path)
        #expect(runs.count == 1)
        let archived = try String(
            contentsOf: archive.appendingPathComponent(runs[0]).appendingPathComponent("forecast.csv"),
            encoding: .utf8)
        #expect(archived == first)
    }
}

@Suite("placeplan explain, end to end")
struct ExplainCommandTests {
    @Test("explains a number from the census through each ratio, with housing, places and a school")
    func explainsANumber() throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(try placeplan(["forecast", "--out", out.path]).status == 0)
        let forecast = try SimpleCSV(out.appendingPathComponent("forecast.csv"))
        let row = try #require(
            forecast.rows.first {
                $0[forecast.columns["area_code"]!] == "P01" && $0[forecast.columns["year"]!] == "2025"
                    && $0[forecast.columns["year_group"]!] == "2"
            })
        let pupils = Double(row[forecast.columns["pupils"]!])!
        // The headline number as printed: one decimal, without a trailing ".0".
        let oneDecimal = String(format: "%.1f", pupils)
        let printed = oneDecimal.hasSuffix(".0") ? String(oneDecimal.dropLast(2)) : oneDecimal
        let result = try placeplan([
            "explain", "--area", "P01", "--year", "2025", "--year-group", "2", "--school", "116343",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // The headline number is the forecast's, to one decimal.
        #expect(
            result.stdout.hasPrefix(
                "Year 2 in P01 (City Centre and Portswood (illustrative)), 2025/26: \(printed) pupils"))
        for fragment in [
            "Reception in 2023/24 = births 2019", "Year 1 in 2024/25 = Reception in 2023/24 × R->1 ratio",
            // Σ PAN of P01's ten schools in schools.csv, 60 + 90 + 90 + 30 + 60 + 30 + 90 + 45 + 60 + 45 = 600, less
            // Mount Pleasant Junior School's 90: it teaches Years 3–6 only.
            "Year 2 in 2025/26 = Year 1 in 2024/25 × 1->2 ratio", "Housing:", "Places: 510 in Year 2",
            "School 116343",
        ] {
            #expect(result.stdout.contains(fragment), "missing: \(fragment)")
        }
        let unknown = try placeplan(["explain", "--area", "P99", "--year", "2025", "--year-group", "2"])
        #expect(unknown.status != 0)
        #expect(
            unknown.stderr.contains("--area: no area 'P99' in the pupils file. Areas: P01, P02"), "\(unknown.stderr)")
        // A school of another planning area is refused, naming its area, rather than shown with 0 pupils.
        // A junior school has no Year 2: refused, naming the year groups it teaches.
        let junior = try placeplan([
            "explain", "--area", "P01", "--year", "2025", "--year-group", "2", "--school", "116092",
        ])
        #expect(junior.status != 0)
        #expect(junior.stderr.contains("school 116092 teaches year groups 3–6 in this area, not Year 2"))
        let elsewhere = try placeplan([
            "explain", "--area", "P01", "--year", "2025", "--year-group", "2", "--school", "116090",
        ])
        #expect(elsewhere.status != 0)
        #expect(elsewhere.stderr.contains("school 116090 is in planning area P05, not P01"), "\(elsewhere.stderr)")
        // Years and year groups as the tool prints them are taken too, and give the same number.
        let spoken = try placeplan(["explain", "--area", "P01", "--year", "2025/26", "--year-group", "Y2"])
        #expect(spoken.status == 0, "\(spoken.stderr)")
        #expect(
            spoken.stdout.hasPrefix(
                "Year 2 in P01 (City Centre and Portswood (illustrative)), 2025/26: \(printed) pupils"))
    }
}
