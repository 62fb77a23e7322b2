// The shared fixtures (cohortTable, pupils, isClose, temporary folders, SimpleCSV) live in the TestSupport
// target; re-exported here so every file of this bundle sees them.
@_exported import TestSupport
