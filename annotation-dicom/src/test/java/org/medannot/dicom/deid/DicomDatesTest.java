package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Expected dates were computed with Python's datetime.date arithmetic. */
class DicomDatesTest {

    @Test
    void daValuesShiftByDays() {
        assertThat(DicomDates.shiftDate("20040826", -1000)).isEqualTo("20011130");
        assertThat(DicomDates.shiftDate("20000301", -1)).isEqualTo("20000229");
        assertThat(DicomDates.shiftDate("20040826\\20000301", -1)).isEqualTo("20040825\\20000229");
        assertThat(DicomDates.shiftDate("20000301-20040826", -1)).isEqualTo("20000229-20040825");
        assertThat(DicomDates.shiftDate("-20000301", -1)).isEqualTo("-20000229");
        assertThat(DicomDates.shiftDate("2004.08.26", -1000)).isEqualTo("20011130");
        assertThat(DicomDates.shiftDate("", -5)).isEmpty();
    }

    @Test
    void earlyYearsKeepFourDigits() {
        assertThat(DicomDates.shiftDate("00050301", -365)).isEqualTo("00040301");
        assertThat(DicomDates.shiftDate("20240301", -3652)).isEqualTo("20140302");
    }

    @Test
    void dtKeepsTimeAndOffset() {
        assertThat(DicomDates.shiftDateTime("20000301235959.123456+1400", -1)).isEqualTo("20000229235959.123456+1400");
        assertThat(DicomDates.shiftDateTime("20000301000000-1200", -1)).isEqualTo("20000229000000-1200");
        assertThat(DicomDates.shiftDateTime("200003", -1)).isEqualTo("200002");
        assertThat(DicomDates.shiftDateTime("2000", -1)).isEqualTo("1999");
    }

    @Test
    void invalidDatesAreRejected() {
        assertThatThrownBy(() -> DicomDates.shiftDate("20040231", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20040231");
        assertThatThrownBy(() -> DicomDates.shiftDate("2004082", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("YYYYMMDD");
        assertThatThrownBy(() -> DicomDates.shiftDateTime("20a", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20a");
    }
}
