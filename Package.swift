// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "PlacePlanning",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "placeplan", targets: ["placeplan"]),
        .library(name: "PlaceForecast", targets: ["PlaceForecast"]),
        .library(name: "PlacePipeline", targets: ["PlacePipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: - System libraries (the only C headers the project includes)
        .systemLibrary(
            name: "CLapacke",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),

        // MARK: - Public API
        /// Least squares over LAPACK: the only module with unsafe pointers.
        .target(name: "LinearAlgebra", dependencies: ["CLapacke"], linkerSettings: [.linkedLibrary("lapacke")]),
        /// Excel workbooks from sheet values, over libxlsxwriter: the only module that calls it.
        .target(name: "Spreadsheet", dependencies: ["CXLSXWriter"], linkerSettings: [.linkedLibrary("xlsxwriter")]),
        /// Charts as inline SVG (scales, ticks, fan charts, heat maps): pure geometry, no forecasting types.
        .target(name: "Charts"),
        /// The forecasting core: pure value types and functions, no I/O.
        .target(name: "PlaceForecast", dependencies: ["LinearAlgebra"]),
        /// Reading and validating inputs, writing outputs atomically.
        .target(
            name: "PlaceIO",
            dependencies: [
                "PlaceForecast", "Spreadsheet", "Charts", "Yams", .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        /// Loading an input set and running forecast, SEND, decisions, scenarios, backtests and the run record:
        /// what the command line, the report and the web app all call. Never prints.
        .target(name: "PlacePipeline", dependencies: ["PlaceForecast", "PlaceIO"]),
        /// The web app for planners (`placeplan serve`): pages and a JSON API over the same pipeline, run history in
        /// SQLite.
        .target(
            name: "PlaceWeb",
            dependencies: [
                "PlaceForecast", "PlaceIO", "PlacePipeline", "Charts",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        /// The thin command-line front end.
        .executableTarget(
            name: "placeplan",
            dependencies: [
                "PlaceForecast", "PlaceIO", "PlacePipeline", "PlaceWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Unit test bundles
        /// Helpers shared by the test bundles: folders, the national data, CSV reading, cohort fixtures.
        .target(name: "TestSupport", dependencies: ["PlaceForecast", "PlaceIO"], path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "TestSupport"]),
        .testTarget(name: "PlaceForecastTests", dependencies: ["PlaceForecast", "TestSupport"]),
        .testTarget(name: "PlaceIOTests", dependencies: ["PlaceIO", "TestSupport"]),
        .testTarget(name: "PlacePipelineTests", dependencies: ["PlacePipeline", "TestSupport"]),
        .testTarget(
            name: "PlaceWebTests",
            dependencies: [
                "PlaceWeb", "TestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "EndToEndTests", dependencies: ["placeplan", "PlaceIO", "PlaceWeb", "TestSupport"],
            exclude: ["Corpus", "Golden"]),
    ]
)
