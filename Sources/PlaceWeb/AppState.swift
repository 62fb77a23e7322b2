import Foundation
import PlaceIO
import PlacePipeline

/// The run the app serves now: the base forecast made at start-up, replaced when a planner uploads a new census
/// that passes every check. Pages and API calls read it once per request, so a request sees one base throughout.
public actor AppState {
    /// The base every page shows and every scenario is set beside.
    public private(set) var base: WebApp.Base
    /// The database of runs, saved scenarios, users and uploaded input sets.
    public nonisolated let store: WebStore
    /// Where an uploaded census forms a new input set (a copy of the base's folder with the file replaced).
    public nonisolated let uploadsFolder: URL
    /// The placeplan version recorded with each run.
    public nonisolated let version: String

    public init(base: WebApp.Base, store: WebStore, uploadsFolder: URL, version: String) {
        self.base = base
        self.store = store
        self.uploadsFolder = uploadsFolder
        self.version = version
    }

    /// Serves `base` from now on (after an upload passed every check).
    public func replace(with base: WebApp.Base) {
        self.base = base
    }
}
