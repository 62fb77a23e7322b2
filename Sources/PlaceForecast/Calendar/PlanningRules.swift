/// The rules of school place planning in England and the tuning constants of the methods, in one place.
///
/// Rules are national conventions (DfE, the School Admissions Code); tuning constants were chosen on a
/// backtest, and each says which one. Nothing else in the core writes these numbers: change them here.
/// Academic years are named by their starting calendar year (2019 = 2019/20).
public enum PlanningRules {
    /// The phases in words, stated once for every summary, sheet and report.
    public static let phaseDefinitions =
        "Phases: primary = Reception to Year 6; secondary = Years 7 to 11 in pupil counts and 7 to 13 in places "
        + "(school sixth forms share secondary capacity); sixth form = Years 12 and 13."

    // MARK: - Forms of entry and year groups

    /// Places per year group in one form of entry (DfE: 1 FE = 30 pupils a year group).
    public static let placesPerFormOfEntry = 30.0

    /// Half a form of entry, the smallest step in which PANs and build needs move (15 places a year group).
    public static let placesPerHalfFormOfEntry = placesPerFormOfEntry / 2

    /// Year groups that a primary school's places serve: Reception to Year 6.
    public static let primaryYearGroups: [YearGroup] = (0...6).map { YearGroup(index: $0)! }

    /// Year groups of compulsory secondary school: Years 7 to 11 (sixth form apart, as DfE scores capacity).
    public static let secondaryYearGroups: [YearGroup] = (7...11).map { YearGroup(index: $0)! }

    /// School sixth-form year groups: Years 12 and 13 (Year 14 is read but not projected).
    public static let sixthFormYearGroups: [YearGroup] = [YearGroup(index: 12)!, YearGroup(index: 13)!]

    /// The year groups a phase's totals are scored and planned over (DfE: primary R–6, secondary 7–11).
    public static func yearGroups(of phase: Phase) -> [YearGroup] {
        switch phase {
        case .primary: return primaryYearGroups
        case .secondary: return secondaryYearGroups
        case .sixthForm: return sixthFormYearGroups
        }
    }

    /// Year groups one form of entry fills: 7 in primary (R–6), 5 in secondary (7–11, sixth form not counted).
    /// A 1 FE primary school has 7 × 30 = 210 places, a 1 FE secondary 5 × 30 = 150.
    public static func yearGroupsPerFormOfEntry(_ phase: Phase) -> Int {
        phase == .primary ? primaryYearGroups.count : secondaryYearGroups.count
    }

    /// The entry year group of a phase: Reception for primary, Year 7 for secondary.
    public static func entryYearGroup(of phase: Phase) -> YearGroup {
        phase == .primary ? .reception : secondaryYearGroups[0]
    }

    /// The entry year group whose PAN governs `group`: Reception for R–6, Year 7 from Year 7 on.
    public static func entryYearGroup(governing group: YearGroup) -> YearGroup {
        group.index <= 6 ? .reception : secondaryYearGroups[0]
    }

    /// The year groups a known intake (`intakes.csv`, a backtest's `--known-intakes`) may give: the entry years of
    /// primary and secondary, Reception and Year 7, whose numbers admissions offers fix by April.
    public static let knownIntakeYearGroups: [YearGroup] = [
        entryYearGroup(of: .primary), entryYearGroup(of: .secondary),
    ]

    // MARK: - Build needs and deficit risk

    /// Years between deciding on a bulge class and its intake: it is set up in existing buildings for the next
    /// September, so it is decided in the spring before (after national offer day).
    public static let bulgeLeadTimeYears = 1

    /// Entry-year pupils short of places below which no bulge class is proposed: under one pupil is forecast
    /// rounding, not a class.
    public static let bulgeMinimumShortfall = 1.0

    /// Share of a school's formula funding that is pupil-led: about 90% (DOMAIN.md, DfE national funding formula).
    public static let pupilLedShare = 0.9

    /// Pupil-led funding a school gains or loses per pupil (the marginal rate), pounds a year: 90% of the 2024-25
    /// average funding per pupil of £5,300 primary and £6,830 secondary (DOMAIN.md), i.e. £4,770 and £6,147.
    public static let marginalRatePerPupil: [Phase: Double] = [
        .primary: (pupilLedShare * 5_300).rounded(), .secondary: (pupilLedShare * 6_830).rounded(),
    ]

    /// Unfilled shares of capacity, per cent, raising low, medium and high deficit risk. 10 and 15 are the
    /// DOMAIN.md indicator's; high is a third of places empty, not 25%: calibrated on the default city, where 25%
    /// flags up to 36% of mainstream schools high in a year and 33% at most 16% (docs/methods.md, "Calibration").
    public static let deficitUnfilledPercent = UnfilledThresholds(low: 10, medium: 15, high: 33)

    /// Fall in funded (R–11) income on the year before, per cent, that raises medium deficit risk: a school can
    /// rarely cut 5% of its costs within one budget year.
    public static let deficitYearOnYearLossPercent = 5.0

    /// Years of the medium-term window over which the fall in funded income is judged (a three-year budget plan).
    public static let deficitMediumTermYears = 3

    /// Falls in funded income over the medium-term window, per cent, raising medium and high deficit risk: a tenth
    /// of income, and 5% a year sustained over three years (calibrated with `deficitUnfilledPercent`).
    public static let deficitMediumTermLossPercent = LossThresholds(medium: 10, high: 15)

    /// Roll above capacity, per cent of capacity, from which over-capacity is a medium deficit risk (any excess is
    /// low): extra classes cost before lagged funding pays for them.
    public static let deficitOverCapacityPercent = 5.0

    // MARK: - Admissions timetable

    /// Years from the forecast origin to the first intake a PAN change decided now can alter: 3.
    ///
    /// With origin o (the January o+1 census), a consultation can run from 1 October o+1 to 31 January o+2,
    /// arrangements are determined by 28 February o+2, and they apply to admissions in September o+3
    /// (School Admissions Code: arrangements for September Y are determined by 28 February Y−1).
    public static let yearsToFirstChangeableIntake = 3

    /// The first academic year whose intake a PAN change decided after the `origin` census can alter.
    public static func firstChangeableIntake(origin: AcademicYear) -> AcademicYear {
        origin.advanced(by: yearsToFirstChangeableIntake)
    }

    // MARK: - Housing

    /// Eventual pupils per new dwelling, by phase: 0.20 primary, 0.15 secondary, 0.06 post-16 (an example LA's
    /// published yields, DOMAIN.md); used when `yields.yaml` gives none.
    public static let defaultYieldPerDwelling: [Phase: Double] = [.primary: 0.20, .secondary: 0.15, .sixthForm: 0.06]

    /// Share of the eventual yield present 0, 1, 2, 3 years after completion (full from the fourth year).
    public static let defaultYieldPhaseIn = [0.25, 0.5, 0.75, 1.0]

    /// Observed years whose mean completions count as already carried by the trend (movers not counted twice).
    public static let defaultTrendAllowanceYears = 5

    // MARK: - Tuning constants of the pupil forecast

    /// Weight of an area's latest common deviation of survival ratios carried into the forecast (the period
    /// adjustment of the `auto` model). Chosen on the national backtest (146 stable LAs, origins 2013–2018,
    /// targets up to 2019/20): 0.75 beat 0, 0.5 and 1 at primary and secondary, 1 and 3 years ahead.
    public static let periodAdjustmentWeight = 0.75

    /// Share of the national part of the period effect (the median deviation over LAs in the latest year) carried
    /// into every forecast year by `auto`, the local part keeping ``periodAdjustmentWeight``. Chosen on the same
    /// national backtest (origins 2013–2018, targets up to 2019/20): 1 beat 0.5 and 0.75, and fading the national or
    /// local part with the horizon (0.75, 0.5, 0.25) was worse at 3 years ahead in every cell. Least squares fitted
    /// on each run's own history (`period_adjustment: estimated`) was worse too: 0.99% against 0.94% at primary 3
    /// years (docs/accuracy.md).
    public static let nationalPeriodShare = 1.0

    /// A national part of the period effect is the median over the run's areas only with at least this many areas
    /// (LAs); with fewer (one LA's planning areas) it comes from the national period effects file, or is 0.
    public static let minimumAreasForNationalPeriodEffect = 20
    /// Years ahead whose persistence `period_adjustment: estimated` fits; later ones fade at the rate of the last two.
    public static let fittedPersistenceHorizons = 3
    /// Below this many (area, year) pairs a horizon's persistence is not fitted and the fixed weight is used.
    public static let minimumPersistenceObservations = 30

    /// Census years `auto` sets aside as a base for ratios: 2020, the census of January 2021, taken in a national
    /// lockdown (children off roll, Reception deferred). Known when that census was published, not chosen on the
    /// errors; a model file's `abnormal_years:` replaces it.
    public static let abnormalCensusYears: Set<AcademicYear> = [AcademicYear(2020)]

    /// How many of an area's own scoring errors the all-area score is worth when `auto` ranks ratio methods.
    /// Chosen on the same national backtest (targets up to 2019/20) from 10, 30, 100 and 300.
    public static let autoPriorStrength = 100.0

    /// `auto` averages every candidate whose shrunk score is within this fraction of the best (0.2 = 20% worse
    /// at most). Chosen on the same national backtest (targets up to 2019/20).
    public static let autoTolerance = 0.2

    /// Years ahead over which `auto` scores a candidate against the ratios that followed each past origin
    /// (1–3: the DfE's 1- and 3-year scores and the year between).
    public static let autoScoringSteps = 3

    /// The number of latest ratios `auto` is taken to look at when a window must be stated (its scoring horizon).
    public static let autoNominalWindow = 3

    /// Fewest backtest errors a year group (or phase) and horizon needs before its own interval fit is trusted;
    /// with fewer, it borrows from its phase, then from a shorter horizon.
    public static let intervalMinimumSamples = 20

    /// Years of pupil history an origin needs behind it before its backtest errors calibrate intervals.
    public static let intervalCalibrationHistory = 3

    // MARK: - Tuning constants of the SEND forecast

    /// How many of an LA's own errors the all-LA error is worth when `auto` chooses a SEND method. Chosen on the
    /// national EHC plan backtest (origins 2014–2018, targets up to 2019, the January 2020 count).
    public static let sendAutoPriorStrength = 50.0

    /// Fewest backtest errors a horizon needs before SEND intervals are fitted on it.
    public static let sendIntervalMinimumSamples = 8

    /// SEND intervals calibrate on errors whose target is one of the last this-many years known at the origin:
    /// plans grew faster over the period, so older errors understate today's (national backtest, targets to 2019:
    /// 80% coverage 68% → 74% at 1 year, 54% → 57% at 3).
    public static let sendIntervalRecentYears = 2

    /// Years of EHC plan counts an origin needs behind it before a SEND method can be scored or calibrated.
    public static let sendMinimumHistory = 2

    // MARK: - SEND prevalence by age band and its damping

    /// φ when too few pairs are known to estimate it at the origin (a single LA): the pooled estimate on the
    /// national history, window 3 (146 stable LAs, total plans per pupil of Years 1–11, changes to the January 2019
    /// count, year 2018: φ = 0.955, SE 0.057, 584 pairs; to January 2022: 0.914, SE 0.029, 1,022), see
    /// ``SendDamping``.
    public static let sendDampingFallback = 0.95

    /// Fewest (current growth, next change) pairs the damping regression needs; fewer: the fallback.
    public static let sendDampingMinimumPairs = 30

    /// A band's count below this is too small for its log growth to mean much: the year is left out of the
    /// band's series (the damping regression and the band's current growth).
    public static let sendDampingMinimumPlans = 10.0

    /// A band's population not yet known (pupils after the origin in a backtest, future births) is held at the
    /// latest known year, looking back at most this many years.
    public static let sendBaseCarryYears = 10

    /// Years of log changes whose mean is a band's current growth (and the window of the damping regression).
    public static let sendBandWindow = 3

    /// Weight of the area's total prevalence growth in each band's current growth (the rest: the band's own).
    /// Chosen among 0, 0.5 and 1 on the national backtest (origins 2014–2018): own band growth alone ran away
    /// (mean 3-year error +30% with φ = 0.9, from the 16–19 and 20–25 jumps after the 2014 reforms).
    public static let sendBandGrowthTotalWeight = 0.5

    /// SEND interval half-widths are multiplied by these factors by horizon (1, 2, 3 and more years ahead):
    /// plans accelerated, so the spread of the errors known at an origin understated the next ones. Tuned on the
    /// national backtest's origins 2014–2016 (auto's 80% coverage 66%, 55%, 56% → 80%, 81%, 82%); held out,
    /// origins 2017–2018 over-cover (94% and 100% at 1 and 2 years: errors stopped growing), see docs/accuracy.md.
    public static let sendIntervalInflation: [Double] = [1.45, 1.95, 2.0]

    // MARK: - Housing: trend allowance

    /// Completions below the trend allowance lower the forecast (`symmetric`), as the trend's ratios already carry
    /// pupils from the usual rate of building; `above_only` (in `yields.yaml`) lets only extra building count.
    public static let defaultTrendAllowance = HousingYields.TrendAllowance.symmetric
}

/// The central prediction intervals the project states: 80% and 95%.
public enum IntervalLevel: Int, CaseIterable, Sendable, CustomStringConvertible {
    case eighty = 80
    case ninetyFive = 95

    /// The coverage as a share, 0.8 or 0.95.
    public var coverage: Double { Double(rawValue) / 100 }

    /// "80%" or "95%".
    public var description: String { "\(rawValue)%" }
}

// MARK: - Sharing an area's pupils out to its schools

extension PlanningRules {
    /// The default rule: entry year groups admitted up to each school's PAN, cohorts carried with their school
    /// (a school cannot admit above its PAN, so a PAN cut must lower its roll cohort by cohort).
    public static let defaultSchoolShareRule = SchoolShareRule.respectPANs

    /// Pupils below which water-filling stops passing on an overflow (a millionth of a pupil is not a place); what
    /// is left is reported as unplaced, so area totals are kept exactly.
    public static let allocationTolerance = 1e-9
}

// MARK: - PAN advisor

extension PlanningRules {
    /// A school whose entry year was at least this share full at the last census is "full" for the PAN advisor.
    public static let advisorFullShare = 0.95
    /// A school whose entry year was under this share full at the last census has room: the advisor does not cut a
    /// full school while a same-phase school in its area with a PAN at least as large has room.
    public static let advisorRoomyShare = 0.85
    /// Census years (the last ones, up to the origin) over which the advisor averages a school's unfilled entry
    /// places.
    public static let advisorIntakeCensusYears = 3
}

// MARK: - Early years sufficiency

extension PlanningRules {
    /// Hours a week of one funded early education place: the universal entitlement and the disadvantaged
    /// 2-year-old offer are 15 hours (38 weeks a year). Places and demand are counted in 15-hour equivalents.
    public static let earlyYearsHoursPerPlace = 15.0

    /// A provider place offered for at least this many hours a week counts as two 15-hour places (it can take
    /// one 30-hour child or two 15-hour children); below it, as one.
    public static let earlyYearsFullTimeHours = 30.0

    /// Surplus of funded early-years places the LA aims to keep, per cent (`early_years_target_percent` in
    /// planning.yaml overrides it): the schools' operating margin, about 5% (DOMAIN.md).
    public static let earlyYearsDefaultTargetPercent = 5.0

    /// Latest take-up values the damped trend fits, by least squares on (years after the origin, take-up).
    public static let earlyYearsTrendWindow = 5

    /// Fewest take-up values a trend is fitted on; fewer, the damped trend falls back to the last value.
    public static let earlyYearsTrendMinimumPoints = 3

    /// Damping φ of the take-up trend: h years ahead the slope adds b × (φ + φ² + … + φʰ), so the trend levels off
    /// at b × φ / (1 − φ) above the fitted level (4 years of slope at φ = 0.8). Take-up is a share that cannot trend
    /// for ever; 0.8 is the middle of the usual damped-trend range (0.8–0.98 in ETS fits), chosen low because
    /// early-years take-up falls and rises with policy and the pandemic rather than following a trend.
    public static let earlyYearsTrendDamping = 0.8

    /// Years ahead over which a take-up method is scored when the method is chosen per LA (1 and 2 years: the
    /// sufficiency report's horizon for acting on places).
    public static let earlyYearsScoringSteps = 2

    /// Fewest past errors a method needs before the per-LA choice trusts them; fewer: the last value.
    public static let earlyYearsMinimumScores = 2

    /// Highest take-up a projection may reach (a share of the birth-based population; 3-4 take-up on births can
    /// pass 1 where children cross LA borders, so the cap is not 1).
    public static let earlyYearsMaximumTakeUp = 1.5

    /// Births years after the last one given are held at the last known year, looking back at most this many years.
    public static let earlyYearsBirthsCarryYears = 10
}

// MARK: - Comparators (`placeplan compare`)

extension PlanningRules {
    /// Years back from the origin over which the pupils trend is measured (DfE's scorecards look 5 years ahead;
    /// the same span back makes the observed and projected changes comparable).
    public static let compareTrendYears = 5
    /// Years ahead of the origin for the projected change.
    public static let compareProjectionYears = 5
    /// Years in the mean Reception/births ratio (the window `auto` calls nominal).
    public static let compareRatioMeanYears = 3
    /// One-year-ahead backtest origins scored per LA: the last three whose target is at or before the origin.
    public static let compareBacktestOrigins = 3
    /// Years over which EHC plan growth is annualised.
    public static let compareEHCPGrowthYears = 3
    /// How many most similar LAs to list.
    public static let compareNearestCount = 5
}
