package org.medannot.dicom.deid;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Shifts DICOM date values by whole days (PS3.5 section 6.2: DA is YYYYMMDD, DT is
 * YYYYMMDDHHMMSS.FFFFFF&amp;ZZXX with optional trailing components).
 *
 * <p>Only the calendar date moves: the time of day and any UTC offset suffix of a DT value are
 * kept character for character, so no time zone arithmetic can move a date across midnight.
 */
public final class DicomDates {

    private DicomDates() {
    }

    /**
     * Shifts one DA value, or a backslash-separated multi-value, or a DA range {@code A-B}.
     * Empty components stay empty.
     *
     * @throws IllegalArgumentException when a component is not a valid YYYYMMDD date (the
     *                                  message names the component)
     */
    public static String shiftDate(String value, int days) {
        StringBuilder result = new StringBuilder();
        String[] values = value.split("\\\\", -1);
        for (int v = 0; v < values.length; v++) {
            if (v > 0) {
                result.append('\\');
            }
            String[] range = values[v].split("-", -1);
            for (int r = 0; r < range.length; r++) {
                if (r > 0) {
                    result.append('-');
                }
                result.append(shiftOneDate(range[r].strip(), days));
            }
        }
        return result.toString();
    }

    /**
     * Shifts the date part of a DT value (the first 8 characters when present) and keeps the rest.
     * A DT with only a year or year and month is shifted as the first day of that period and written
     * back with the same precision.
     *
     * @throws IllegalArgumentException when the date part is not valid
     */
    public static String shiftDateTime(String value, int days) {
        StringBuilder result = new StringBuilder();
        String[] values = value.split("\\\\", -1);
        for (int v = 0; v < values.length; v++) {
            if (v > 0) {
                result.append('\\');
            }
            result.append(shiftOneDateTime(values[v].strip(), days));
        }
        return result.toString();
    }

    private static String shiftOneDateTime(String value, int days) {
        if (value.isEmpty()) {
            return value;
        }
        int digits = 0;
        while (digits < value.length() && digits < 8 && Character.isDigit(value.charAt(digits))) {
            digits++;
        }
        if (digits != 4 && digits != 6 && digits != 8) {
            throw new IllegalArgumentException("DT value '" + value + "' does not start with YYYY, YYYYMM or YYYYMMDD");
        }
        String datePart = value.substring(0, digits);
        String padded = datePart + "0101".substring(0, 8 - digits);
        String shifted = shiftOneDate(padded, days);
        return shifted.substring(0, digits) + value.substring(digits);
    }

    private static String shiftOneDate(String value, int days) {
        if (value.isEmpty()) {
            return value;
        }
        // ACR-NEMA style YYYY.MM.DD values are still found in old archives.
        String digits = value.length() == 10 && value.charAt(4) == '.' && value.charAt(7) == '.'
                ? value.substring(0, 4) + value.substring(5, 7) + value.substring(8, 10) : value;
        if (digits.length() != 8 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("DA value '" + value + "' is not YYYYMMDD");
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(digits.substring(0, 4)), Integer.parseInt(digits.substring(4, 6)),
                    Integer.parseInt(digits.substring(6, 8)));
            return formatDate(date.plusDays(days));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("DA value '" + value + "' is not a calendar date: " + e.getMessage(), e);
        }
    }

    /** Formats a date as YYYYMMDD, the year zero-padded to four digits (negative years keep their sign). */
    private static String formatDate(LocalDate date) {
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return String.format("%04d%02d%02d", year, date.getMonthValue(), date.getDayOfMonth());
        }
        char[] text = new char[8];
        writeDigits(text, 0, year, 4);
        writeDigits(text, 4, date.getMonthValue(), 2);
        writeDigits(text, 6, date.getDayOfMonth(), 2);
        return new String(text);
    }

    private static void writeDigits(char[] text, int start, int value, int count) {
        for (int n = start + count - 1; n >= start; n--) {
            text[n] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
