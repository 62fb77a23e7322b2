import Testing

@testable import PlaceForecast
@testable import PlaceIO

private let areas = [PlanningArea(code: "P01", name: "North", phase: .primary, laCode: "LA")]

private func schools(_ text: String) throws(InputError) -> [School] {
    try SupplyReaders.schools(CSVTable(text: text, file: "schools.csv"), areas: areas)
}

@Suite("schools.csv admission_authority")
struct AdmissionAuthorityTests {
    @Test("la and own are read; an empty value is la")
    func valid() throws {
        let read = try schools(
            """
            school_id,school_name,phase,area_code,pan,net_capacity,admission_authority
            A,Academy,primary,P01,60,420,own
            B,Community,primary,P01,30,210,la
            C,Unknown,primary,P01,30,210,

            """)
        #expect(read.map(\.admissionAuthority) == [.own, .la, .la])
    }

    @Test("without the column every school's admission authority is the LA")
    func defaultWhenAbsent() throws {
        let read = try schools(
            """
            school_id,school_name,phase,area_code,pan,net_capacity
            A,Academy,primary,P01,60,420

            """)
        #expect(read.map(\.admissionAuthority) == [.la])
    }

    @Test("any other value is an error located by line and column")
    func invalidIsLocated() {
        var caught: InputError?
        do {
            _ = try schools(
                """
                school_id,school_name,phase,area_code,pan,net_capacity,admission_authority
                A,Academy,primary,P01,60,420,own
                B,Trust,primary,P01,60,420,academy

                """)
        } catch { caught = error }
        #expect(caught?.line == 3)
        #expect(caught?.column == "admission_authority")
        #expect(caught?.columnNumber == 7)
        #expect(
            caught?.description.hasPrefix(
                "schools.csv:3: column 'admission_authority' (7): 'academy' is not an admission authority") == true)
    }
}
