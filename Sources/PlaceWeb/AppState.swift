import Foundation
import PlaceIO
import PlacePipeline

/// The run the app serves now: the base forecast made at start-up, replaced when a planner uploads a new census
/// that passes every check. Pages and API calls read it once per request, so a request sees one base throughout.
public actor AppState {
    /// The base every page shows and every scenario is set beside.
    public private(set) var base: WebApp.Base
    /// The uploaded files in force, by the input file they replace (`pupils.csv`), as paths of the kept copies.
    public private(set) var uploads: [String: String] = [:]
    /// The bases replaced by uploads, oldest first, each with the uploads it was read with: what "revert" goes back
    /// to.
    private var earlier: [(base: WebApp.Base, uploads: [String: String])] = []
    /// The database of runs, saved scenarios, users and uploaded input sets.
    public nonisolated let store: WebStore
    /// Where uploaded census files are kept (each read in place of the input file it replaces).
    public nonisolated let uploadsFolder: URL
    /// The placeplan version recorded with each run.
    public nonisolated let version: String

    public init(base: WebApp.Base, store: WebStore, uploadsFolder: URL, version: String) {
        self.base = base
        self.store = store
        self.uploadsFolder = uploadsFolder
        self.version = version
    }

    /// Serves `base`, read with `uploads` in force, from now on (after an upload passed every check).
    public func replace(with base: WebApp.Base, uploads: [String: String]) {
        earlier.append((self.base, self.uploads))
        self.base = base
        self.uploads = uploads
    }

    /// Goes back to the base before the last upload; returns it and the files whose upload was undone, or nil when
    /// the base is the one the app started with.
    public func revert() -> (base: WebApp.Base, undone: [String])? {
        guard let previous = earlier.popLast() else { return nil }
        let undone = uploads.filter { previous.uploads[$0.key] != $0.value }.keys.sorted()
        (base, uploads) = previous
        return (base, undone)
    }
}
