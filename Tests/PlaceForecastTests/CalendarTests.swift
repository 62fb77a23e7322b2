import Testing

@testable import PlaceForecast

@Suite("Academic years and year groups as planners write them")
struct CalendarTests {
    @Test("an academic year is 2022 or 2022/23; a second part that is not the next year is refused")
    func academicYearLabels() {
        #expect(AcademicYear(label: "2022") == AcademicYear(2022))
        #expect(AcademicYear(label: "2022/23") == AcademicYear(2022))
        #expect(AcademicYear(label: "1999/00") == AcademicYear(1999))
        #expect(AcademicYear(label: " 2019/20 ") == AcademicYear(2019))
        #expect(AcademicYear(label: "2022/24") == nil)
        #expect(AcademicYear(label: "2022/2023") == nil)
        #expect(AcademicYear(label: "22") == nil)
        #expect(AcademicYear(label: "twenty") == nil)
        #expect(AcademicYear(2022).description == "2022/23")
    }

    @Test("a year group is R or a number, also written Y3 or Year 3")
    func yearGroupLabels() {
        #expect(YearGroup(label: "R") == .reception)
        #expect(YearGroup(label: "Reception") == .reception)
        #expect(YearGroup(label: "Y3")?.index == 3)
        #expect(YearGroup(label: "Year 3")?.index == 3)
        #expect(YearGroup(label: "year 11")?.index == 11)
        #expect(YearGroup(label: "14")?.index == 14)
        #expect(YearGroup(label: "15") == nil)
        #expect(YearGroup(label: "Y") == nil)
        #expect(YearGroup(label: "X3") == nil)
    }
}
