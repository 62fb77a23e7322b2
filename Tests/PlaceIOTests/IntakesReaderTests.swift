import Testing

@testable import PlaceForecast
@testable import PlaceIO

/// P teaches R–1 and S teaches 7–8, census 2018–2019 (the origin is 2019).
private let census = """
    area_code,area_name,year,year_group,pupils
    P,Primary,2018,R,10
    P,Primary,2018,1,9
    P,Primary,2019,R,11
    P,Primary,2019,1,10
    S,Secondary,2018,7,20
    S,Secondary,2018,8,19
    S,Secondary,2019,7,21
    S,Secondary,2019,8,20
    """

private func intakes(_ rows: String) throws(InputError) -> KnownIntakes {
    let pupils = try InputReaders.pupils(CSVTable(text: census + "\n", file: "pupils.csv"))
    return try InputReaders.intakes(
        CSVTable(text: "area_code,year,year_group,pupils\n" + rows, file: "intakes.csv"), pupils: pupils)
}

/// The message of the error `rows` give.
private func message(_ rows: String) -> String? {
    do {
        _ = try intakes(rows)
        return nil
    } catch {
        return error.description
    }
}

@Suite("Known intakes reader")
struct IntakesReaderTests {
    @Test("a valid file: Reception and Year 7 after the census, decimals allowed, 2020/21 written either way")
    func valid() throws {
        let known = try intakes("P,2020,R,12.5\nS,2020/21,7,22\nP,2021,R,13\n")
        #expect(known.totals.count == 3)
        #expect(known.totals[PupilOverride(areaCode: "P", year: AcademicYear(2020), yearGroup: .reception)] == 12.5)
        #expect(
            known.totals[PupilOverride(areaCode: "S", year: AcademicYear(2020), yearGroup: YearGroup(index: 7)!)] == 22)
        #expect(known.lines[PupilOverride(areaCode: "P", year: AcademicYear(2021), yearGroup: .reception)] == 4)
        #expect(
            known.beyond(AcademicYear(2020)) == [
                "intakes.csv:4: the known intake of Reception in P for 2021/22 is beyond the forecast's last year, "
                    + "2020/21, so it is not used (give a longer --horizon to use it)"
            ])
    }

    @Test("each bad row is refused with its line, column and what to do")
    func badRows() {
        #expect(
            message("P,2020,3,12\n")
                == "intakes.csv:2: column 'year_group' (3): '3' is not an entry year group: known intakes are "
                + "Reception or Year 7. Write R or 7; later year groups follow from the intake by the survival ratios")
        #expect(
            message("P,2019,R,12\n")
                == "intakes.csv:2: column 'year' (2): the census already has Reception in P for 2019/20 (pupils "
                + "file). Known intakes are for years after the last census, 2019/20: from 2020/21")
        #expect(
            message("P,2010,R,12\n")
                == "intakes.csv:2: column 'year' (2): 2010/11 is not after the last census year, 2019/20. Known "
                + "intakes are for forecast years: from 2020/21")
        #expect(
            message("Q,2020,R,12\n")
                == "intakes.csv:2: column 'area_code' (1): unknown area 'Q'. Use an area_code that appears in the "
                + "pupils file")
        #expect(
            message("P,2020,7,12\n")
                == "intakes.csv:2: column 'year_group' (3): area P has no Year 7 in its last census year, 2019/20 "
                + "(it has R–1). Give a known Year 7 intake for an area that teaches Year 7, or leave the row out")
        #expect(
            message("S,2020,R,12\n")
                == "intakes.csv:2: column 'year_group' (3): area S has no Reception in its last census year, "
                + "2019/20 (it has 7–8). Give a known Reception intake for an area that teaches Reception, or "
                + "leave the row out")
        #expect(
            message("P,2020,R,12\nS,2020,7,20\nP,2020,R,13\n")
                == "intakes.csv:4: duplicate known intake for area P, year 2020/21, year group R (first given on "
                + "line 2). Keep one row per area, year and year group")
        #expect(
            message("P,2020,R,-5\n")
                == "intakes.csv:2: column 'pupils' (4): -5 is negative. Counts must be zero or more")
        #expect(
            message("P,2020,R,many\n")
                == "intakes.csv:2: column 'pupils' (4): 'many' is not a number. Use digits, e.g. 2690 or \"2,690\"")
    }
}
