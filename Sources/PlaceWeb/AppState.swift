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

    public init(base: WebApp.Base, store: WebStore) {
        self.base = base
        self.store = store
    }

    /// Serves `base` from now on (after an upload passed every check).
    public func replace(with base: WebApp.Base) {
        self.base = base
    }
}
