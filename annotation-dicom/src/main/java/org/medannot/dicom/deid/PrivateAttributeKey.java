package org.medannot.dicom.deid;

import java.util.Objects;

/**
 * A private attribute named the way PS3.5 section 7.8.1 makes it stable across files: the
 * Private Creator value of its block and the element offset within the block (the low byte of
 * the element number). The absolute tag is not stable, since the block a creator reserves
 * (gggg,00xx) differs from file to file.
 *
 * @param group         the odd group number, for example 0x0029
 * @param creator       the Private Creator value, compared after stripping padding spaces
 * @param elementOffset the element offset in the block, 0x00 to 0xFF
 */
public record PrivateAttributeKey(int group, String creator, int elementOffset) {

    /** Validates the group, the creator and the offset. */
    public PrivateAttributeKey {
        Objects.requireNonNull(creator, "creator");
        creator = creator.strip();
        if ((group & 1) == 0 || group < 0x0009 || group > 0xFFFF) {
            throw new IllegalArgumentException("private group must be odd and in 0009-FFFF, but was "
                    + String.format("%04X", group));
        }
        if (elementOffset < 0 || elementOffset > 0xFF) {
            throw new IllegalArgumentException("private element offset must be in 00-FF, but was " + elementOffset);
        }
    }
}
