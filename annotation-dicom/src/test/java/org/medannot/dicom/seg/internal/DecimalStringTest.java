package org.medannot.dicom.seg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decimal String formatting against pydicom 2.3.1's valuerep.format_number_as_ds, which writes
 * the same numbers in 16 characters with the same significant digits (its exponent is lower
 * case; PS3.5 section 6.2 allows "E" and "e").
 */
class DecimalStringTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "-1e-16, -1e-16",
        "1e-16, 1e-16",
        "0.99415096409965, 0.99415096409965",
        "-661.82658862211, -661.82658862211",
        "1.234567e-10, 1.234567e-10",
        "12345678901234567, 1.2345678901e+16",
        "1e25, 1e+25",
        "-0.1079993545339, -0.1079993545339",
    })
    void decimalStringMatchesPydicom(double value, String pydicom) {
        String text = DerivedObjectSupport.decimalString(value);

        assertThat(text.length()).isLessThanOrEqualTo(16);
        assertThat(text).matches("[+-]?[0-9]*\\.?[0-9]*([eE][+-]?[0-9]+)?");
        assertThat(text.toLowerCase(java.util.Locale.ROOT)).isEqualTo(pydicom);
    }
}
