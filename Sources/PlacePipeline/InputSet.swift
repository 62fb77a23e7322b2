import Foundation
import PlaceForecast
import PlaceIO

/// Where a run's input files are. Every path is a file-system path as the user gave it (relative to the working
/// directory); nil means the default location.
public struct InputLocations: Sendable {
    /// Folder with pupils.csv, births.csv and the optional files (default `inputs`).
    public var inputs: String?
    /// Pupils file overriding `<inputs>/pupils.csv`.
    public var pupils: String?
    /// Births file overriding `<inputs>/births.csv`.
    public var births: String?
    /// Model: a YAML file, or a name in `models/` (default `auto`).
    public var model: String?
    /// EHC plans file overriding `<inputs>/ehcp.csv`.
    public var ehcp: String?
    /// New EHC plans file (default: `ehcp_new.csv` in the inputs folder, only when `ehcp` is nil).
    public var ehcpNew: String?
    /// Funded early education take-up file overriding `<inputs>/early_years.csv`.
    public var earlyYears: String?
    /// Known intakes file overriding `<inputs>/intakes.csv`.
    public var intakes: String?
    /// Years ahead the run forecasts (`--horizon`), to warn of known intakes beyond it; nil: the model's horizon.
    public var horizon: Int?

    public init(
        inputs: String? = nil, pupils: String? = nil, births: String? = nil, model: String? = nil,
        ehcp: String? = nil, ehcpNew: String? = nil, earlyYears: String? = nil, intakes: String? = nil,
        horizon: Int? = nil
    ) {
        self.earlyYears = earlyYears
        self.intakes = intakes
        self.horizon = horizon
        self.inputs = inputs
        self.pupils = pupils
        self.births = births
        self.model = model
        self.ehcp = ehcp
        self.ehcpNew = ehcpNew
    }
}

extension InputLocations {
    /// Whether the optional files come from the inputs folder: yes unless `--pupils` is given without `--inputs`, so
    /// that a national pupils file is never mixed with the default city's planning-area files.
    var usesFolder: Bool { inputs != nil || pupils == nil }

    /// The pupils and births files read: the options', else the inputs folder's (or validation's replacements).
    func requiredFiles(replacements: [String: String] = [:]) -> (pupils: String, births: String) {
        let folder = inputs ?? InputSet.defaultInputs
        let inFolder = { (name: String) in replacements[name] ?? (folder as NSString).appendingPathComponent(name) }
        return (pupils ?? inFolder("pupils.csv"), births ?? inFolder("births.csv"))
    }
}

/// The input files of a run, located, read and checked together.
public struct InputSet: Sendable {
    /// One file read: its path as given, its size in bytes and its SHA-256 (hex).
    public struct FileRecord: Sendable {
        public let path: String
        public let bytes: Int
        public let checksum: String
    }

    public var forecastInputs: ForecastInputs
    public var model: ForecastModel
    /// The model file used; nil for the built-in default.
    public let modelPath: String?
    /// Every file read, for the run record.
    public let files: [FileRecord]
    /// The supply side, when the inputs folder has planning_areas.csv and schools.csv.
    public var supply: SupplyInputs?
    /// Pupils per dwelling (yields.yaml, or the documented defaults) for housing.csv's completions.
    public let yields: HousingYields
    /// EHC plans (ehcp.csv, with ehcp_new.csv when present) and their split between settings.
    public let caseload: EHCPCaseload?
    public let sendSettings: [AgeBand: SettingShares]
    /// Where the files were looked for.
    public let locations: InputLocations
    /// Funded early education counts, providers and settings; nil without early_years.csv.
    public var earlyYears: EarlyYearsInputs?
    /// Known intakes (intakes.csv, or `--intakes FILE`): Reception and Year 7 totals that replace the projection;
    /// nil without the file.
    public var knownIntakes: KnownIntakes?

    /// The early-years inputs: take-up by LA (early_years.csv), providers' places (early_years_providers.csv,
    /// nil when absent) and the settings (early_years.yaml over the defaults, the target from planning.yaml).
    public struct EarlyYearsInputs: Sendable {
        public let history: EarlyYearsHistory
        public var providers: [EarlyYearsProvider]?
        public var settings: EarlyYearsSettings
    }

    /// The one-line note printed when early years is skipped (no early_years.csv).
    public var earlyYearsNote: String? {
        earlyYears == nil ? "Early years: skipped (no early_years.csv in the inputs)." : nil
    }
    /// What was tolerated while reading (e.g. a file decoded as Windows-1252), to be shown to the user.
    public let warnings: [String]
    /// The part of ``warnings`` about how files were read (an encoding decoded), without the judgements on values.
    public private(set) var toleranceWarnings: [String] = []

    /// Planning areas, schools and the planner's and finance's settings.
    public struct SupplyInputs: Sendable {
        public let areas: [PlanningArea]
        public var plan: SupplyPlan
        public let rolls: SchoolRolls?
        public var settings: PlanningSettings
        /// How each area's pupils are shared out to its schools (`school_shares` in planning.yaml).
        public let schoolShares: SchoolShareRule
        public let finance: FinanceSettings
    }

    public static let defaultInputs = "inputs"
    public static let modelFolder = "models"
    public static let defaultModelName = "auto"
    /// Models built into the code, used by name when `models/NAME.yaml` is not there.
    public static let builtInModels: [String: ForecastModel] = ["auto": .auto, "standard": .standard]

    /// Locates the files: `--pupils`/`--births` override the files in the inputs folder. Optional files
    /// (transfer.csv, housing.csv) come from the inputs folder, which is `inputs/` unless `--inputs` names
    /// another; when `--pupils` is given without `--inputs`, the default folder is not read at all, so a
    /// national pupils file is never mixed with the default city's planning-area files.
    ///
    /// `adjustments` lets validation read on past problems it has reported (rows and files set aside) and check
    /// replacement files; commands leave it empty.
    public static func load(
        _ locations: InputLocations, adjustments: ReadingAdjustments = ReadingAdjustments()
    ) throws -> InputSet {
        let (inputs, model) = (locations.inputs, locations.model)
        let (ehcp, ehcpNew) = (locations.ehcp, locations.ehcpNew)
        let folder = inputs ?? defaultInputs
        let useFolder = locations.usesFolder
        var files: [FileRecord] = []
        var warnings: [String] = []

        func table(_ path: String) throws(InputError) -> CSVTable {
            let url = URL(fileURLWithPath: path)
            guard FileManager.default.fileExists(atPath: path) else {
                throw InputError(
                    file: path, problem: "file not found",
                    hint: "Give the file's path, or an --inputs folder that contains it")
            }
            let data = (try? Data(contentsOf: url)) ?? Data()
            files.append(FileRecord(path: path, bytes: data.count, checksum: RunDirectory.checksum(of: data)))
            let table = try CSVTable(data: data, file: path, droppingLines: adjustments.droppedLines[path] ?? [])
            warnings += table.warnings
            return table
        }
        /// The file `name` of the inputs folder (or the file validation was given in its place), when there and not
        /// set aside.
        func optionalPath(_ name: String) -> String? {
            let path = adjustments.replacements[name] ?? (folder as NSString).appendingPathComponent(name)
            guard useFolder || adjustments.replacements[name] != nil, FileManager.default.fileExists(atPath: path),
                !adjustments.skippedFiles.contains(path)
            else { return nil }
            return path
        }
        func optionalTable(_ name: String) throws(InputError) -> CSVTable? {
            try optionalPath(name).map { path throws(InputError) in try table(path) }
        }
        /// A file named by an option (`--ehcp`), unless validation has set it aside.
        func givenTable(_ path: String?) throws(InputError) -> CSVTable? {
            guard let path, !adjustments.skippedFiles.contains(path) else { return nil }
            return try table(path)
        }

        let required = locations.requiredFiles(replacements: adjustments.replacements)
        // With rows set aside by validation, a year left without rows is read as unknown, not as a gap.
        let pupilsTable = try table(required.pupils)
        let birthsTable = try table(required.births)
        let cohorts = try InputReaders.pupils(
            pupilsTable, allowingGaps: adjustments.droppedLines[required.pupils] != nil)
        let birthSeries = try InputReaders.births(
            birthsTable, allowingGaps: adjustments.droppedLines[required.births] != nil)
        let areas = Set(cohorts.histories.map(\.area.code))
        let transfers = try optionalTable("transfer.csv").map { table throws(InputError) in
            try InputReaders.transfers(table, knownAreas: areas)
        }
        let housing = try optionalTable("housing.csv").map { table throws(InputError) in
            try InputReaders.housing(table, knownAreas: areas)
        }
        // Known intakes: --intakes FILE, else intakes.csv in the inputs folder.
        let intakesTable =
            try locations.intakes != nil ? givenTable(locations.intakes) : optionalTable("intakes.csv")
        let knownIntakes = try intakesTable.map { table throws(InputError) in
            try InputReaders.intakes(table, pupils: cohorts)
        }

        func optionalYAML(_ name: String) throws(InputError) -> YAMLDocument? {
            guard let path = optionalPath(name) else { return nil }
            let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
            files.append(FileRecord(path: path, bytes: data.count, checksum: RunDirectory.checksum(of: data)))
            let (text, warning) = DecodedText.of(data, file: path)
            warnings += warning.map { [$0] } ?? []
            return try YAMLDocument(text: text, file: path)
        }
        let yields =
            try optionalYAML("yields.yaml").map { yaml throws(InputError) in
                try SupplyReaders.yields(yaml)
            } ?? .standard

        var supply: SupplyInputs?
        if let areaTable = try optionalTable("planning_areas.csv") {
            let planningAreas = try SupplyReaders.planningAreas(areaTable)
            if let missing = planningAreas.first(where: { !areas.contains($0.code) }) {
                let row = areaTable.first("area_code") { $0 == missing.code }
                throw InputError(
                    file: areaTable.file, line: row?.line, column: row.map { _ in "area_code" },
                    columnNumber: row?.columnNumber,
                    problem: "planning area \(missing.code) has no pupils in the pupils file",
                    hint: "Every planning area needs its pupils by year group: add its rows to the pupils file, or "
                        + "remove the area")
            }
            let planningCodes = planningAreas.map(\.code)
            if let stray = areas.sorted().first(where: { !planningCodes.contains($0) }) {
                let row = pupilsTable.first("area_code") { $0 == stray }
                throw InputError(
                    file: pupilsTable.file, line: row?.line, column: row.map { _ in "area_code" },
                    columnNumber: row?.columnNumber,
                    problem: "area \(stray) is not a planning area of planning_areas.csv",
                    hint: "Use a code of planning_areas.csv, or add the area there."
                        + Suggestions.didYouMean(stray, among: planningCodes))
            }
            guard let schoolTable = try optionalTable("schools.csv") else {
                throw InputError(
                    file: (folder as NSString).appendingPathComponent("schools.csv"),
                    problem: "file not found",
                    hint: "planning_areas.csv needs schools.csv with each school's PAN and net capacity")
            }
            let schools = try SupplyReaders.schools(schoolTable, areas: planningAreas)
            let changes =
                try optionalTable("pan_changes.csv").map { table throws(InputError) in
                    try SupplyReaders.panChanges(table, schools: schools)
                } ?? []
            let rolls = try optionalTable("school_rolls.csv").map { table throws(InputError) in
                try SupplyReaders.schoolRolls(table, schools: schools)
            }
            let (settings, shares) =
                try optionalYAML("planning.yaml").map { yaml throws(InputError) in
                    try SupplyReaders.planning(yaml)
                } ?? (PlanningSettings(), PlanningRules.defaultSchoolShareRule)
            let finance =
                try optionalYAML("finance.yaml").map { yaml throws(InputError) in
                    try SupplyReaders.finance(yaml)
                } ?? FinanceSettings()
            supply = SupplyInputs(
                areas: planningAreas, plan: SupplyPlan(schools: schools, panChanges: changes),
                rolls: rolls, settings: settings, schoolShares: shares, finance: finance)
        }

        // EHC plans: --ehcp, else ehcp.csv in the inputs folder.
        var caseload: EHCPCaseload?
        let ehcpTable = try ehcp != nil ? givenTable(ehcp) : optionalTable("ehcp.csv")
        if let ehcpTable {
            let newTable =
                try ehcpNew != nil ? givenTable(ehcpNew) : (ehcp == nil ? optionalTable("ehcp_new.csv") : nil)
            caseload = try SendReaders.caseload(ehcpTable, newPlans: newTable)
            // EHC plans are counted by LA: a planning area's code would be forecast as an LA of its own.
            let areaCodes = Set(supply?.areas.map(\.code) ?? [])
            if let row = ehcpTable.first("area_code", where: areaCodes.contains) {
                let laCodes = Set(supply?.areas.map(\.laCode) ?? []).sorted().joined(separator: ", ")
                throw InputError(
                    file: ehcpTable.file, line: row.line, column: "area_code", columnNumber: row.columnNumber,
                    problem: "'\(row.value)' is a planning area, but EHC plans are counted by local authority",
                    hint: "Use the LA's code (\(laCodes)) and give the LA's plans")
            }
        }
        let sendSettings =
            try optionalTable("send_settings.csv").map { table throws(InputError) in
                try SendReaders.settings(table)
            } ?? [:]

        // Early years: --early-years (backtest), else early_years.csv in the inputs folder.
        var earlyYears: EarlyYearsInputs?
        let earlyTable =
            try locations.earlyYears != nil ? givenTable(locations.earlyYears) : optionalTable("early_years.csv")
        if let earlyTable {
            let history = try EarlyYearsReaders.history(earlyTable)
            // Funded counts are by LA: the planning areas' LA must be among them (not its name, nor an area).
            let laCodes = Set(supply?.areas.map(\.laCode) ?? [])
            if !laCodes.isEmpty, laCodes.isDisjoint(with: history.byLA.keys),
                let row = earlyTable.first("area_code", where: { _ in true })
            {
                throw InputError(
                    file: earlyTable.file, line: row.line, column: "area_code", columnNumber: row.columnNumber,
                    problem: "no rows for \(laCodes.sorted().joined(separator: ", ")), the LA of the planning areas "
                        + "(found '\(row.value)')",
                    hint: "Funded early education is counted by LA: give the LA's code in area_code, as la_code in "
                        + "planning_areas.csv")
            }
            var providers: [EarlyYearsProvider]?
            if let providerTable = try optionalTable("early_years_providers.csv") {
                guard let supply else {
                    throw InputError(
                        file: providerTable.file, problem: "providers need planning areas",
                        hint: "Give planning_areas.csv (and schools.csv) in the same folder")
                }
                providers = try EarlyYearsReaders.providers(providerTable, areas: supply.areas)
            }
            var settings =
                try optionalYAML("early_years.yaml").map { yaml throws(InputError) in
                    try EarlyYearsReaders.settings(yaml)
                } ?? EarlyYearsSettings()
            if let planning = supply?.settings {
                settings.targetPercent = planning.earlyYearsTargetPercent
                settings.bandPercent = max(planning.bandPercent, planning.earlyYearsTargetPercent)
            }
            earlyYears = EarlyYearsInputs(history: history, providers: providers, settings: settings)
        }

        let modelReference = ModelReference(model ?? defaultModelName)
        let (forecastModel, modelPath) =
            adjustments.skippedFiles.contains(modelFilePath(modelReference))
            ? (ForecastModel.auto, nil)
            : try resolveModel(modelReference)
        var forecastInputs = ForecastInputs(
            pupils: cohorts, births: birthSeries, housing: housing, transfers: transfers)
        // The national part of the period effect for runs of one LA, from the national data (beside the models).
        let nationalPath = NationalPeriodEffectsFile.path
        if FileManager.default.fileExists(atPath: nationalPath), !adjustments.skippedFiles.contains(nationalPath) {
            forecastInputs.nationalPeriodEffects = try NationalPeriodEffectsFile.read(table(nationalPath))
        }
        let fileNames = [
            "pupils.csv": required.pupils, "births.csv": required.births,
            "housing.csv": optionalPath("housing.csv"), "schools.csv": optionalPath("schools.csv"),
            "pan_changes.csv": optionalPath("pan_changes.csv"),
        ]
        let toleranceWarnings = warnings
        if let knownIntakes, let origin = cohorts.lastYear {
            warnings += knownIntakes.beyond(origin.advanced(by: locations.horizon ?? forecastModel.horizon))
            warnings += Self.implausibleIntakes(knownIntakes, census: cohorts, origin: origin)
        }
        let findings = Plausibility.findings(
            forecastInputs, schools: supply?.plan.schools ?? [], panChanges: supply?.plan.panChanges ?? [],
            rolls: supply?.rolls)
        // A finding about one row gets that row's line: the pupils row (area, year, year group) or births row.
        let lines =
            findings.contains { $0.row != nil } ? (Self.rowLines(pupilsTable), Self.rowLines(birthsTable)) : ([:], [:])
        warnings += findings.map { finding in
            let path = fileNames[finding.file].flatMap { $0 } ?? finding.file
            let line = finding.row.flatMap { row in
                (row.yearGroup == nil ? lines.1 : lines.0)["\(row.area)|\(row.year)|\(row.yearGroup?.label ?? "")"]
            }
            return "\(path)\(line.map { ":\($0)" } ?? ""): \(finding.message)"
        }
        // Births of areas the pupils file does not have are not used: say so, with the nearest code.
        let codes = cohorts.histories.map(\.area.code).sorted()
        for code in birthSeries.byArea.keys.sorted() where !areas.contains(code) {
            warnings.append(
                "\(required.births): births for area '\(code)', which the pupils file does not have, are not "
                    + "used.\(Suggestions.didYouMean(code, among: codes))")
        }
        if let rolls = supply?.rolls, let census = cohorts.lastYear,
            let later = rolls.bySchool.values.flatMap(\.keys).filter({ $0 > census }).min()
        {
            warnings.append(
                "\(optionalPath("school_rolls.csv") ?? "school_rolls.csv"): rolls for \(later) and later are after "
                    + "the last census in the pupils file (\(census)) and are not used")
        }

        var loaded = InputSet(
            forecastInputs: forecastInputs,
            model: forecastModel, modelPath: modelPath, files: files, supply: supply, yields: yields,
            caseload: caseload, sendSettings: sendSettings, locations: locations, earlyYears: earlyYears,
            knownIntakes: knownIntakes, warnings: warnings)
        loaded.toleranceWarnings = toleranceWarnings
        return loaded
    }

    /// A model given by file path, or by name: `NAME` means `models/NAME.yaml`, or the built-in model of that name
    /// (`auto`, `standard`) when the file is not there. Returns the model and the file read (nil if built in).
    public static func resolveModel(_ reference: ModelReference) throws(InputError) -> (ForecastModel, String?) {
        let path = modelFilePath(reference)
        if FileManager.default.fileExists(atPath: path) {
            return (try ModelFile.read(URL(fileURLWithPath: path), displayPath: path), path)
        }
        if case .named(let name) = reference, let builtIn = builtInModels[name] { return (builtIn, nil) }
        throw InputError(
            file: path, problem: "model file not found",
            hint: "Give a YAML file, or one of the names in models/ (or the built-in auto, standard)")
    }

    /// Where the model file of `reference` is looked for: `models/NAME.yaml` for a name, else the path given.
    public static func modelFilePath(_ reference: ModelReference) -> String {
        switch reference {
        case .named(let name): return (modelFolder as NSString).appendingPathComponent(name + ".yaml")
        case .file(let file): return file
        }
    }

    /// What to tell the user when no model was given and no model file was found in `models/` (the built-in models
    /// are then compared); nil otherwise.
    public static func builtInModelsNote(given: [String]) -> String? {
        guard given.isEmpty else { return nil }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: modelFolder)) ?? [])
            .filter { $0.hasSuffix(".yaml") && !ModelFile.notModels.contains($0) }
        guard files.isEmpty else { return nil }
        let absolute = URL(fileURLWithPath: modelFolder).standardizedFileURL.path
        let builtIn = builtInModels.keys.sorted().joined(separator: ", ")
        return "no model files found in \(absolute), so only the built-in models (\(builtIn)) are compared. "
            + "Give --model files, or run from the repository root (where models/ is)"
    }

    /// The models to compare: the given ones, or every `models/*.yaml` but ``ModelFile/notModels`` (sorted by name).
    public static func models(_ paths: [String]) throws(InputError) -> [ForecastModel] {
        var references = paths
        if references.isEmpty {
            references = ((try? FileManager.default.contentsOfDirectory(atPath: modelFolder)) ?? [])
                .filter { $0.hasSuffix(".yaml") && !ModelFile.notModels.contains($0) }.sorted()
                .map { (modelFolder as NSString).appendingPathComponent($0) }
            if references.isEmpty { references = builtInModels.keys.sorted() }
        }
        var models: [ForecastModel] = []
        for reference in references { models.append(try resolveModel(ModelReference(reference)).0) }
        return models
    }

    /// The line of each row of a pupils or births file, keyed "area|year|year group" (year group empty for births).
    static func rowLines(_ table: CSVTable) -> [String: Int] {
        let area = table.header.firstIndex(of: "area_code")
        let year = table.header.firstIndex(of: "year")
        let group = table.header.firstIndex(of: "year_group")
        guard let area, let year else { return [:] }
        var lines: [String: Int] = [:]
        for record in table.records where record.fields.count == table.header.count {
            let clean = { (index: Int) in trimmed(record.fields[index]) }
            guard let start = AcademicYear(label: clean(year))?.startYear else { continue }
            let label = group.flatMap { YearGroup(label: clean($0))?.label } ?? ""
            lines["\(clean(area))|\(start)|\(label)"] = lines["\(clean(area))|\(start)|\(label)"] ?? record.line
        }
        return lines
    }

    /// Known intakes far from the area's entry year group at the census (more than twice or under half, and at least
    /// 20 pupils away): a typo, or offers for another area, would otherwise be taken as certain.
    static func implausibleIntakes(_ intakes: KnownIntakes, census: CohortTable, origin: AcademicYear) -> [String] {
        intakes.totals.keys.sorted { ($0.areaCode, $0.year, $0.yearGroup) < ($1.areaCode, $1.year, $1.yearGroup) }
            .compactMap { cell in
                let given = intakes.totals[cell]!
                guard let last = census[cell.areaCode]?.pupils(origin, cell.yearGroup), last > 0,
                    given > 2 * last || given < last / 2, abs(given - last) >= 20
                else { return nil }
                let line = intakes.lines[cell].map { ":\($0)" } ?? ""
                return "\(intakes.file)\(line): area \(cell.areaCode), \(cell.yearGroup) in \(cell.year): "
                    + "\(CSVWriter.number(given)) known, far from its \(CSVWriter.number(last)) at the census in "
                    + "\(origin). Check the row: a known intake is taken as certain"
            }
    }

    /// Areas to score: those marked stable in `areasFile` (default: areas.csv beside the pupils file); nil = all.
    public static func stableAreas(areasFile: String?, pupilsFile: String?) throws(InputError) -> Set<String>? {
        let path =
            areasFile
            ?? pupilsFile.map {
                (($0 as NSString).deletingLastPathComponent as NSString).appendingPathComponent("areas.csv")
            }
        guard let path, FileManager.default.fileExists(atPath: path) else {
            if let areasFile { throw InputError(file: areasFile, problem: "file not found") }
            return nil
        }
        return try InputReaders.stableAreas(CSVTable(contentsOf: URL(fileURLWithPath: path), displayPath: path))
    }

    /// Pupils on roll R–13 of an area in a year: an LA of planning areas sums its areas; `values` gives an
    /// area's pupils (census, then forecast).
    public func pupilBase(
        _ values: @escaping @Sendable (String, AcademicYear) -> Double?
    )
        -> @Sendable (String, AcademicYear) -> Double?
    {
        let members = Dictionary(grouping: supply?.areas ?? [], by: \.laCode).mapValues { $0.map(\.code) }
        return { area, year in
            guard let codes = members[area] else { return values(area, year) }
            let parts = codes.compactMap { values($0, year) }
            return parts.isEmpty ? nil : parts.reduce(0, +)
        }
    }

    /// The run record's `inputs` entry: every file read, with its path, size in bytes and SHA-256.
    public var filesRecord: [[String: Any]] {
        files.map { ["path": $0.path, "bytes": $0.bytes, "sha256": $0.checksum] }
    }

    /// The area code of the pupils file that `text` names: exactly, or ignoring case (`p02` → `P02`); an unknown code
    /// is an error with "did you mean" and the codes there are.
    public func areaCode(_ text: String, option: String = "--area") throws(PipelineError) -> String {
        let codes = forecastInputs.pupils.histories.map(\.area.code).sorted()
        if let code = codes.first(where: { $0 == text }) ?? codes.first(where: { $0.lowercased() == text.lowercased() })
        {
            return code
        }
        let list =
            codes.count > 20
            ? "\(codes.count) areas, e.g. \(codes.prefix(5).joined(separator: ", "))" : codes.joined(separator: ", ")
        throw PipelineError(
            "\(option): no area '\(text)' in the pupils file.\(Suggestions.didYouMean(text, among: codes)) "
                + "Areas: \(list)"
        )
    }

    /// The supply side, or an error naming planning_areas.csv when the inputs folder has none (scenarios and the
    /// PAN advisor compare places against pupils, so they need it).
    public func requireSupply() throws(InputError) -> SupplyInputs {
        guard let supply else {
            throw InputError(
                file: (locations.inputs ?? Self.defaultInputs) + "/planning_areas.csv",
                problem: "file not found",
                hint: locations.inputs == nil && locations.pupils != nil
                    ? "Scenarios compare places against pupils: with --pupils and --births, also give --inputs "
                        + "FOLDER holding planning_areas.csv and schools.csv"
                    : "Scenarios compare places against pupils: give planning_areas.csv and schools.csv")
        }
        return supply
    }
}
