import Foundation
import PlaceForecast
import PlaceIO

/// The input files of a run, located, read and checked together.
struct InputSet {
    struct FileRecord {
        let path: String
        let bytes: Int
        let checksum: String
    }

    let forecastInputs: ForecastInputs
    let model: ForecastModel
    /// The model file used; nil for the built-in default.
    let modelPath: String?
    /// Every file read, for the run record.
    let files: [FileRecord]

    static let defaultInputs = "inputs"
    static let defaultModel = "models/default.yaml"

    /// Locates the files: `--pupils`/`--births` override the files in the inputs folder. Optional files
    /// (transfer.csv, housing.csv) come from the inputs folder, which is `inputs/` unless `--inputs` names
    /// another; when `--pupils` is given without `--inputs`, the default folder is not read at all, so a
    /// national pupils file is never mixed with the default city's planning-area files.
    static func load(inputs: String?, pupils: String?, births: String?, model: String?) throws -> InputSet {
        let folder = inputs ?? defaultInputs
        let useFolder = inputs != nil || pupils == nil
        var files: [FileRecord] = []

        func table(_ path: String) throws(InputError) -> CSVTable {
            let url = URL(fileURLWithPath: path)
            guard FileManager.default.fileExists(atPath: path) else {
                throw InputError(file: path, problem: "file not found",
                                 hint: "Give the file's path, or an --inputs folder that contains it")
            }
            let data = (try? Data(contentsOf: url)) ?? Data()
            files.append(FileRecord(path: path, bytes: data.count, checksum: RunDirectory.checksum(of: data)))
            return try CSVTable(text: String(decoding: data, as: UTF8.self), file: path)
        }
        func optionalTable(_ name: String) throws(InputError) -> CSVTable? {
            let path = (folder as NSString).appendingPathComponent(name)
            guard useFolder, FileManager.default.fileExists(atPath: path) else { return nil }
            return try table(path)
        }

        let cohorts = try InputReaders.pupils(table(pupils ?? (folder as NSString).appendingPathComponent("pupils.csv")))
        let birthSeries = try InputReaders.births(table(births ?? (folder as NSString).appendingPathComponent("births.csv")))
        let areas = Set(cohorts.histories.map(\.area.code))
        let transfers = try optionalTable("transfer.csv").map { table throws(InputError) in
            try InputReaders.transfers(table, knownAreas: areas)
        }
        let housing = try optionalTable("housing.csv").map { table throws(InputError) in
            try InputReaders.housing(table, knownAreas: areas)
        }

        let modelPath = model ?? (FileManager.default.fileExists(atPath: defaultModel) ? defaultModel : nil)
        let forecastModel = try modelPath.map { path throws(InputError) in
            try ModelFile.read(URL(fileURLWithPath: path), displayPath: path)
        } ?? .standard

        return InputSet(
            forecastInputs: ForecastInputs(pupils: cohorts, births: birthSeries, housing: housing, transfers: transfers),
            model: forecastModel, modelPath: modelPath, files: files)
    }
}
